import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";
import { Resource } from "./resource.ts";

/** Legacy OpenAI-style text completions. */
export class Completions extends Resource {
  /** POST /v1/completions */
  create(
    body: JsonBody<"handle_sample_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_sample_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/completions", { body, ...init }), options);
  }
}
