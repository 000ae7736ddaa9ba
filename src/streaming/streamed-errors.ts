import { statusOfErrorCode } from "../api-facts.ts";
import { makeAPIError } from "../core/errors.ts";

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
    if (typeof value === "string") {
      const status = statusOfErrorCode(value);
      if (status !== undefined) return status;
    }
  }
  return undefined;
}
