import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";
import { Resource } from "./resource.ts";

export class Images extends Resource {
  /** POST /v1/images/generations */
  generate(
    body: JsonBody<"handle_generate_image_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_generate_image_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/images/generations", { body, ...init }), options);
  }

  /** POST /v1/images/edits */
  edit(
    body: JsonBody<"handle_edit_image_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_edit_image_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/images/edits", { body, ...init }), options);
  }
}
