import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";
import { Resource } from "./resource.ts";

export class Tokenizer extends Resource {
  /** POST /v1/tokenize-text */
  tokenize(
    body: JsonBody<"handle_tokenize_text_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_tokenize_text_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/tokenize-text", { body, ...init }), options);
  }
}
