import type { components } from "../../generated/openapi.ts";
import type { ErrorKind } from "../api-facts.ts";
import type { StandardSchemaV1 } from "../schema/standard-schema.ts";
import type { ServerSentEvent } from "../streaming/sse-decoder.ts";
import type { ChatToolRunResult, ResponseToolRunResult } from "../tools/types.ts";
import { errorFields } from "./error-body.ts";
import { type Redact, redactBody, redactValue, SENSITIVE_HEADER } from "./redact.ts";

/*
 * Every error class the client throws, in one module as in openai-node's error.ts: the whole hierarchy reads in one
 * place, and bundlers keep it in one shared chunk (the lazily loaded waiters and upload code throw these too).
 */

/** Base of every error this client throws. */
export class XaiError extends Error {
  override readonly name: string = "XaiError";

  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** The API answered with a non-2xx status, an error body inside a 200, or an error event inside a stream. */
export class APIError extends XaiError {
  override readonly name: string = "APIError";
  /**
   * The error kind in one normalised form, xAI's newer kebab-case dialect (`not-found`, `resource-exhausted`, …),
   * whichever dialect the body used (`Some requested entity was not found`, `not_found`, a numeric `429`, an
   * OpenAI/Anthropic `type` such as `rate_limit_error`); when the body names no kind, the one xAI sends with the
   * status. Undefined when neither maps to a kind (413, 422, `overloaded_error`).
   */
  readonly code: ErrorKind | undefined;
  /** The body's `code` exactly as sent (a string in either dialect, or a number), if it had one. */
  readonly rawCode: string | number | undefined;
  readonly type: string | undefined;
  readonly param: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    /** HTTP status, or the status an error without one (in a 200 body or a stream) stands for; else undefined. */
    readonly status: number | undefined,
    /** The parsed JSON body, or its text when it was not JSON. */
    readonly body: unknown,
    /** Response headers, credentials redacted. */
    readonly headers: Record<string, string>,
    statusText = "",
  ) {
    const fields = errorFields(body, status);
    const head = status === undefined ? "API error" : `${status}${statusText ? ` ${statusText}` : ""}`;
    super(fields.message ? `${head}: ${fields.message}` : `${head} (empty response body)`);
    this.code = fields.code;
    this.rawCode = fields.rawCode;
    this.type = fields.type;
    this.param = fields.param;
    this.requestId = headers["x-request-id"];
  }
}

export class BadRequestError extends APIError {
  override readonly name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override readonly name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override readonly name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override readonly name = "NotFoundError";
}
export class ConflictError extends APIError {
  override readonly name = "ConflictError";
}
export class PayloadTooLargeError extends APIError {
  override readonly name = "PayloadTooLargeError";
}
export class UnprocessableEntityError extends APIError {
  override readonly name = "UnprocessableEntityError";
}
export class RateLimitError extends APIError {
  override readonly name = "RateLimitError";
}
export class InternalServerError extends APIError {
  override readonly name: string = "InternalServerError";
}
/** 529: xAI is over capacity. A subclass of InternalServerError, so `instanceof InternalServerError` still matches. */
export class OverloadedError extends InternalServerError {
  override readonly name = "OverloadedError";
}

/** The request never got a response: DNS, refused or reset connection, TLS, a throwing custom fetch. */
export class APIConnectionError extends XaiError {
  override readonly name: string = "APIConnectionError";
}
/** No complete response within `timeout` ms (per attempt). */
export class APIConnectionTimeoutError extends APIConnectionError {
  override readonly name = "APIConnectionTimeoutError";
}
/** The caller's AbortSignal fired; `reason` is the signal's reason. */
export class APIUserAbortError extends XaiError {
  override readonly name = "APIUserAbortError";
  readonly reason: unknown;

  constructor(reason: unknown, redact: Redact = (text) => text) {
    super(redact(`Request aborted by the caller${reason === undefined ? "" : `: ${String(reason)}`}`));
    this.reason = redactValue(reason, redact);
  }
}

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

/** An event's `data` was not the JSON object its stream promises. */
export class StreamParseError extends XaiError {
  override readonly name = "StreamParseError";
  readonly eventType: string;
  readonly eventIndex: number;
  /** Byte range `[start, end)` of the chunk that completed the malformed event. */
  readonly bytes: readonly [number, number];

  /**
   * `problem` must not quote the data: a window of it could hold part of a credential the server echoed, which no
   * redaction would recognise. (So JSON.parse's own message, which quotes such a window, is not used.)
   */
  constructor(event: ServerSentEvent, problem: string, redact: Redact) {
    const type = redact(event.event ?? "message");
    super(
      `Malformed SSE event #${event.index} ("${type}", completed by stream bytes ${event.bytes[0]}–${event.bytes[1]}): ${problem}`,
    );
    this.eventType = type;
    this.eventIndex = event.index;
    this.bytes = event.bytes;
  }
}

/**
 * The stream broke its dialect's protocol: an event arrived before the one that creates what it refers to (a delta
 * before its `content_block_start`), or a tool's streamed input did not join into valid JSON.
 */
export class StreamProtocolError extends XaiError {
  override readonly name = "StreamProtocolError";
}

/**
 * A response body, or one event of a stream, is larger than the client buffers (`maxResponseBytes`): refused as
 * soon as the limit is passed — or up front from Content-Length — and never retried.
 */
export class ResponseTooLargeError extends XaiError {
  override readonly name = "ResponseTooLargeError";
  constructor(
    /** What was too large: "Response body" or "SSE event". */
    readonly what: string,
    readonly limit: number,
    /** Bytes (characters, for an SSE event) announced or read when the client gave up. */
    readonly received: number,
  ) {
    super(
      `${what} exceeds maxResponseBytes (${limit} bytes): ${received} received or announced; not buffered, not retried`,
    );
  }
}

/**
 * A wait ran out of time while the job was still pending. The job itself goes on: call `wait(error.requestId)`
 * again (or `retrieve`) later to pick it up.
 */
export class WaitTimeoutError extends XaiError {
  override readonly name = "WaitTimeoutError";
  constructor(
    /** What was awaited, e.g. "deferred chat completion". */
    readonly what: string,
    /** The job's request id: pass it to `wait` or `retrieve` to resume. */
    readonly requestId: string,
    readonly timeoutMs: number,
    /** Polls made before giving up. */
    readonly polls: number,
  ) {
    super(
      `${what} ${requestId} still pending after ${timeoutMs} ms (${polls} polls); it keeps running: resume with wait(${JSON.stringify(requestId)})`,
    );
  }
}

/** The video job ended with status `failed`; `videoError` is the server's reason. */
export class VideoFailedError extends XaiError {
  override readonly name = "VideoFailedError";
  readonly code: components["schemas"]["VideoErrorCode"] | undefined;

  constructor(
    readonly requestId: string,
    /** The server's `VideoError`, when it sent one. */
    readonly videoError: components["schemas"]["VideoError"] | undefined,
    /** The full final state the server answered with. */
    readonly response: components["schemas"]["VideoResponse"],
  ) {
    super(
      `Video ${requestId} failed${videoError ? `: ${videoError.code}: ${videoError.message}` : " (the server gave no reason)"}`,
    );
    this.code = videoError?.code;
  }
}

/** The deferred image job ended with status `failed`; `imageError` is the server's reason. */
export class ImageFailedError extends XaiError {
  override readonly name = "ImageFailedError";

  constructor(
    readonly requestId: string,
    /** The server's `ImageError`, when it sent one. */
    readonly imageError: components["schemas"]["ImageError"] | undefined,
    /** The full final state the server answered with. */
    readonly response: components["schemas"]["GetDeferredImageResponse"],
  ) {
    super(
      `Image ${requestId} failed${imageError ? `: ${imageError.code}: ${imageError.message}` : " (the server gave no reason)"}`,
    );
  }
}

/** An upload was refused before (or while) sending because the input breaks a documented limit. */
export class FileValidationError extends XaiError {
  override readonly name = "FileValidationError";
  constructor(
    /** The multipart field at fault: `file`, `filename` or `expires_after`. */
    readonly field: "file" | "filename" | "expires_after",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`files.upload: ${message}`, options);
  }
}

/** A schema given to `parse` or `tool` cannot become the JSON Schema sent to the API. Thrown before any request. */
export class SchemaError extends XaiError {
  override readonly name = "SchemaError";
}

/** The answer did not become the structured output `parse` asked for. */
export class StructuredOutputError extends XaiError {
  override readonly name: string = "StructuredOutputError";
  constructor(
    message: string,
    /** The API's answer, unchanged. */
    readonly response: components["schemas"]["ChatResponse"] | components["schemas"]["ModelResponse"],
    /** The model's words: the answer's text, or for a refusal its reason. */
    readonly text: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The model declined to answer; `text` is its reason. */
export class RefusalError extends StructuredOutputError {
  override readonly name = "RefusalError";
}

/** The answer is not JSON, has no text, or was cut off by a token limit. */
export class OutputParseError extends StructuredOutputError {
  override readonly name = "OutputParseError";
}

/** The answer is JSON but the schema's validator rejected it. */
export class OutputValidationError extends StructuredOutputError {
  override readonly name = "OutputValidationError";
  constructor(
    message: string,
    response: StructuredOutputError["response"],
    text: string,
    /** The validator's own issues. */
    readonly issues: readonly StandardSchemaV1.Issue[],
    /** The JSON value that failed validation. */
    readonly value: unknown,
  ) {
    super(message, response, text);
  }
}

/**
 * A tool call that could not run or failed. The run goes on: the model gets `{"error": message}` as the call's
 * result and can correct itself; the error is in the run's `tool_result` event and its round.
 */
export class ToolCallError extends XaiError {
  override readonly name = "ToolCallError";
  constructor(
    /** `unknown_tool`: no tool of the run has the name; `invalid_arguments`: not JSON or rejected by the schema; `execution_failed`: `execute` threw. */
    readonly reason: "unknown_tool" | "invalid_arguments" | "execution_failed",
    readonly toolName: string,
    readonly callId: string,
    message: string,
    /** The validator's issues, for `invalid_arguments`. */
    readonly issues?: readonly StandardSchemaV1.Issue[] | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The model still called tools after `maxRounds` answers (those calls were run); `result` is the run so far. */
export class MaxRoundsError extends XaiError {
  override readonly name = "MaxRoundsError";
  constructor(
    readonly maxRounds: number,
    /** Its `transcript` continues the conversation in a new run. */
    readonly result: ChatToolRunResult | ResponseToolRunResult,
  ) {
    super(`The model still called tools after ${maxRounds} rounds (maxRounds)`);
  }
}

const byStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  529: OverloadedError,
};

/**
 * Builds the APIError subclass for `status` from a parsed body (any error shape, text, or nothing). `redact` scrubs
 * the client's credentials from the body, status text and header values before anything is stored or formatted.
 * Also used for errors inside 200 bodies and streams, so those are the same classes.
 */
export function makeAPIError(
  status: number | undefined,
  body: unknown,
  headers: Headers | Record<string, string> | undefined,
  statusText?: string,
  redact: Redact = (text) => text,
): APIError {
  const stored: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers ?? {});
  for (const [name, value] of entries) {
    stored[name.toLowerCase()] = SENSITIVE_HEADER.test(name) ? "[redacted]" : redact(value);
  }
  const Class =
    status === undefined ? APIError : (byStatus[status] ?? (status >= 500 ? InternalServerError : APIError));
  return new Class(status, body === "" ? undefined : redactBody(body, redact), stored, redact(statusText ?? ""));
}
