import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";
import type { CompletedVideo, VideoWaitOptions } from "../polling/video.ts";
import { Resource } from "./resource.ts";
import { requireId } from "./validate.ts";

/** Video generation: each job answers a `request_id`; `retrieve` reports its progress. */
export class Videos extends Resource {
  /** POST /v1/videos/generations */
  generate(
    body: JsonBody<"handle_generate_video_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_generate_video_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/videos/generations", { body, ...init }), options);
  }

  /** POST /v1/videos/edits */
  edit(
    body: JsonBody<"handle_edit_video_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_edit_video_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/videos/edits", { body, ...init }), options);
  }

  /** POST /v1/videos/extensions */
  extend(
    body: JsonBody<"handle_extend_video_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_extend_video_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/videos/extensions", { body, ...init }), options);
  }

  /** GET /v1/videos/{request_id} — the job's state; `undefined` when the server answers 202 without a body. */
  retrieve(
    requestId: string,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_get_deferred_video_request"> | undefined> {
    return call(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/videos/{request_id}", {
          params: { path: { request_id: requireId(requestId, "requestId") } },
          ...init,
        }),
      options,
    );
  }

  /**
   * Polls the job until it is `done` (resolves with the state, `video.url` included) or `failed` (VideoFailedError
   * carrying the server's VideoError). Bounded by `timeout` (WaitTimeoutError carries the request id: call `wait`
   * again to resume); `signal` aborts; `onProgress` sees each pending state.
   */
  wait(requestId: string, options?: VideoWaitOptions): Promise<CompletedVideo> {
    requireId(requestId, "requestId");
    // The poller loads on first use, so bundles leave it in a lazy chunk for apps that never wait.
    return import("../polling/video.ts").then(({ waitForVideo }) =>
      waitForVideo(requestId, (signal) => this.retrieve(requestId, { signal }), options),
    );
  }
}
