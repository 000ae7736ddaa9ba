import type { APIPromise } from "../core/api-promise.ts";
import { type Core, call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";

export class Embeddings {
  constructor(protected readonly core: Core) {}

  /** POST /v1/embeddings */
  create(
    body: JsonBody<"handle_embedding_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_embedding_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/embeddings", { body, ...init }), options);
  }
}
