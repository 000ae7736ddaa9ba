import { makeAPIError } from "../core/errors.ts";

/** Error `type`/`code` strings seen in streamed error payloads, mapped to the HTTP status whose error class fits. */
const STATUS_BY_ERROR_KIND: Record<string, number> = {
  invalid_request_error: 400,
  invalid_argument: 400,
  bad_request: 400,
  authentication_error: 401,
  unauthenticated: 401,
  invalid_api_key: 401,
  permission_error: 403,
  permission_denied: 403,
  not_found_error: 404,
  not_found: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  resource_exhausted: 429,
  api_error: 500,
  internal_error: 500,
  server_error: 500,
  overloaded_error: 529,
};

/**
 * The APIError subclass for an error delivered inside a stream, so it is the same class the same failure gets as an
 * HTTP status: the payload's numeric `status`/`code` if any, otherwise its `type`/`code` string; unrecognised kinds
 * stay a plain `APIError` with no status.
 */
export function streamedAPIError(payload: unknown, headers: Headers) {
  return makeAPIError(statusOf(payload), payload, headers);
}

function statusOf(payload: unknown): number | undefined {
  if (payload === null || typeof payload !== "object") return undefined;
  const outer = payload as Record<string, unknown>;
  const inner = (typeof outer.error === "object" && (outer.error as Record<string, unknown>)) || {};
  for (const value of [outer.status, inner.status, inner.type, inner.code, outer.type, outer.code]) {
    if (typeof value === "number" && value >= 400 && value < 600) return value;
    if (typeof value === "string" && Object.hasOwn(STATUS_BY_ERROR_KIND, value)) return STATUS_BY_ERROR_KIND[value];
  }
  return undefined;
}
