import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";
import { Resource } from "./resource.ts";

export class Embeddings extends Resource {
  /** POST /v1/embeddings */
  create(
    body: JsonBody<"handle_embedding_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_embedding_request">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/embeddings", { body, ...init }), options);
  }
}
