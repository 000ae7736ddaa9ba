import type { APIPromise } from "../core/api-promise.ts";
import type { RequestOptions } from "../core/request.ts";
import type { JsonBody, Schema } from "../core/types.ts";
import type { CompletedImages } from "../polling/image.ts";
import type { WaitOptions } from "../polling/poll.ts";
import { resource } from "./derive.ts";
import { requireId } from "./validate.ts";

/** A generate or edit request's answer: the images, or with `deferred: true` a `request_id` to `wait` for. */
interface ImageMethod<Body> {
  (body: Body & { deferred: true }, options?: RequestOptions): APIPromise<Schema<"StartDeferredResponse">>;
  (body: Body & { deferred?: false | null }, options?: RequestOptions): APIPromise<Schema<"GeneratedImageResponse">>;
  (
    body: Body,
    options?: RequestOptions,
  ): APIPromise<Schema<"GeneratedImageResponse"> | Schema<"StartDeferredResponse">>;
}

/**
 * Image generation and editing (derived), typed on `deferred`; `retrieve` polls a deferred job once (`undefined`
 * on a bare 202), `wait` until it is done.
 */
export class Images extends resource("images") {
  /** POST /v1/images/generations — the images, or with `deferred: true` a `request_id` for `wait`. */
  declare generate: ImageMethod<JsonBody<"handle_generate_image_request">>;
  /** POST /v1/images/edits — the edited images, or with `deferred: true` a `request_id` for `wait`. */
  declare edit: ImageMethod<JsonBody<"handle_edit_image_request">>;

  /**
   * Polls a deferred job (`generate`/`edit` with `deferred: true`) until it is `done` (resolves with its `data`) or
   * `failed` (ImageFailedError carrying the server's ImageError). Bounded by `timeout` (WaitTimeoutError carries the
   * request id: call `wait` again to resume); `signal` aborts.
   */
  wait(requestId: string, options?: WaitOptions): Promise<CompletedImages> {
    requireId(requestId, "requestId");
    // The poller loads on first use, so bundles leave it in a lazy chunk for apps that never wait.
    return import("../polling/image.ts").then(({ waitForImages }) =>
      waitForImages(requestId, (signal) => this.retrieve(requestId, { signal }), options),
    );
  }
}
