import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult } from "../core/types.ts";
import { Resource } from "./resource.ts";

export class Documents extends Resource {
  /** POST /v1/documents/search — search the documents of one or more collections. */
  search(
    body: JsonBody<"handle_document_search_request_v2">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_document_search_request_v2">> {
    return call(this.core, (init) => this.core.raw.POST("/v1/documents/search", { body, ...init }), options);
  }
}
