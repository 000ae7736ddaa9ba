import type { APIPromise } from "../core/api-promise.ts";
import { type Core, call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";

export class Tokenizer {
  constructor(protected readonly core: Core) {}

  /** POST /v1/tokenize-text */
  tokenize(
    body: JsonBody<"handle_tokenize_text_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_tokenize_text_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/tokenize-text", { body, ...init }), options);
  }
}
