import type { APIPromise } from "../core/api-promise.ts";
import { type Core, call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";

/** Legacy OpenAI-style text completions. */
export class Completions {
  constructor(protected readonly core: Core) {}

  /** POST /v1/completions */
  create(
    body: JsonBody<"handle_sample_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_sample_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/completions", { body, ...init }), options);
  }
}
