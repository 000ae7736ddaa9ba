import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";
import { Resource } from "./resource.ts";

/** Legacy Anthropic-style text completions. */
export class Complete extends Resource {
  /** POST /v1/complete */
  create(
    body: JsonBody<"handle_generic_complete_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_generic_complete_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/complete", { body, ...init }), options);
  }
}
