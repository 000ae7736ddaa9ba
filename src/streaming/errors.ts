import { APIConnectionError, makeAPIError, XaiError } from "../core/errors.ts";
import type { ServerSentEvent } from "./sse-decoder.ts";

/**
 * The body ended, or the connection dropped, before the stream's terminal event: the result is incomplete.
 * A connection failure, so `instanceof APIConnectionError` holds.
 */
export class StreamTruncatedError extends APIConnectionError {
  override readonly name = "StreamTruncatedError";
  constructor(
    /** What the stream was waiting for, e.g. `data: [DONE]` or `message_stop`. */
    readonly expected: string,
    readonly eventsReceived: number,
    readonly bytesReceived: number,
    options?: { cause?: unknown },
  ) {
    super(
      `Stream ended without ${expected} after ${eventsReceived} events (${bytesReceived} bytes): the response is incomplete`,
      options,
    );
  }
}

/** An event's `data` was not the JSON its stream promises. */
export class StreamParseError extends XaiError {
  override readonly name = "StreamParseError";
  readonly eventType: string;
  readonly eventIndex: number;
  /** Byte range `[start, end)` of the chunk that completed the malformed event. */
  readonly bytes: readonly [number, number];

  constructor(event: ServerSentEvent, cause: unknown) {
    const type = event.event ?? "message";
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `Malformed JSON in SSE event #${event.index} ("${type}", completed by stream bytes ${event.bytes[0]}–${event.bytes[1]}): ${detail}`,
      { cause },
    );
    this.eventType = type;
    this.eventIndex = event.index;
    this.bytes = event.bytes;
  }
}

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
