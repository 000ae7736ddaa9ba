/**
 * The request core every resource is built on (see `call` in ./request.ts for the full contract):
 *
 * - `call(core, (init) => core.raw.POST(path, { body, ...init }), options)` runs one operation through
 *   openapi-fetch with timeout, retries and typed errors and returns an APIPromise (`.withResponse()`
 *   gives `{ data, response, requestId }`). `send` is the same without the APIPromise wrapper.
 * - Streams: add `parseAs: "stream"` to the openapi-fetch init. The promise resolves at the headers
 *   with `data` = a ReadableStream of the body that is never retried; cancelling it aborts the request.
 * - Abort: `options.signal` aborts the fetch, the body stream and any retry wait (APIUserAbortError).
 * - Bodies: FormData, Blob, ReadableStream (with `duplex: "half"`, `oneShotBody: true`) pass through.
 * - Each attempt hands openapi-fetch its own `fetch` in the init (`exchange.ts`), so middleware registered with
 *   `xai.raw.use()` runs for the methods too; nothing is shared between attempts but the client state (`state.ts`).
 * - Bodies read whole (JSON, error bodies) stop at `maxResponseBytes` (`bounded-response.ts`); a streamed body comes
 *   back as a GuardedBody (`../streaming/guarded-body.ts`) whose reads are bounded by the idle timeout.
 * - `makeAPIError(status, body, headers, statusText, core.redact)` maps SSE `error` payloads and errors inside 200
 *   bodies to the same APIError subclasses as HTTP errors.
 */
export { APIPromise, type APIResponse, type APIResult } from "./api-promise.ts";
export * from "./errors.ts";
export { type Attempt, type AttemptInit, call, send } from "./request.ts";
export { MAX_RETRY_AFTER_MS, retryDelayMs } from "./retry.ts";
export type { Core, RequestOptions, RetryInfo } from "./state.ts";
export type { JsonBody, JsonResult, Query, Schema } from "./types.ts";
