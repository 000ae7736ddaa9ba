import type { APIPromise } from "../core/api-promise.ts";
import { type Core, call, type RequestOptions } from "../core/request.ts";
import type { JsonResult } from "../core/types.ts";

export class ApiKey {
  constructor(protected readonly core: Core) {}

  /** GET /v1/api-key — name, status, permissions and owners of the key in use. */
  retrieve(options?: RequestOptions): APIPromise<JsonResult<"handle_get_api_key_info_request">> {
    return call(this.core, (init) => this.core.raw.GET("/v1/api-key", init), options);
  }
}
