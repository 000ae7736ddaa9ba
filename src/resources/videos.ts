import type { CompletedVideo, VideoWaitOptions } from "../polling/video.ts";
import { resource } from "./derive.ts";
import { requireId } from "./validate.ts";

/** Video generation: each job answers a `request_id`; `retrieve` reports its progress (`undefined` on a bare 202). */
export class Videos extends resource("videos") {
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
