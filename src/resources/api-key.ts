import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonResult } from "../core/types.ts";
import { Resource } from "./resource.ts";

export class ApiKey extends Resource {
  /** GET /v1/api-key — name, status, permissions and owners of the key in use. */
  retrieve(options?: RequestOptions): APIPromise<JsonResult<"handle_get_api_key_info_request">> {
    return call(this.core, (init) => this.core.raw.GET("/v1/api-key", init), options);
  }
}
