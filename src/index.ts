export {
  type ClientOptions,
  createXai,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type Xai,
} from "./client.ts";
export { APIPromise, type APIResponse } from "./core/api-promise.ts";
export * from "./core/errors.ts";
export type { RequestOptions, RetryInfo } from "./core/request.ts";
export type { JsonBody, JsonResult, Query, Schema } from "./core/types.ts";
