/** Base of every error this client throws. */
export class XaiError extends Error {
  override readonly name: string = "XaiError";

  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** The fields xAI puts in an error body, under either of its two shapes. */
interface ErrorFields {
  message?: string | undefined;
  code?: string | undefined;
  type?: string | undefined;
  param?: string | undefined;
}

/** The API answered with a non-2xx status (or an SSE `error` event). */
export class APIError extends XaiError {
  override readonly name: string = "APIError";
  readonly code: string | undefined;
  readonly type: string | undefined;
  readonly param: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    /** HTTP status; undefined for an error event inside a stream that carried none. */
    readonly status: number | undefined,
    /** The parsed JSON body, or its text when it was not JSON. */
    readonly body: unknown,
    /** Response headers, credentials redacted. */
    readonly headers: Record<string, string>,
    statusText = "",
  ) {
    const fields = errorFields(body);
    const head = status === undefined ? "API error" : `${status}${statusText ? ` ${statusText}` : ""}`;
    super(fields.message ? `${head}: ${fields.message}` : `${head} (empty response body)`);
    this.code = fields.code;
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

  constructor(reason: unknown, redact: (text: string) => string = (text) => text) {
    super(redact(`Request aborted by the caller${reason === undefined ? "" : `: ${String(reason)}`}`));
    this.reason = typeof reason === "string" ? redact(reason) : reason;
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

const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)$/i;

/**
 * Builds the APIError subclass for `status` from a parsed body (either xAI error shape, text, or
 * nothing). `redact` scrubs a secret from the body and header values before they are stored.
 * Also used for SSE `event: error` payloads, so stream errors are the same classes.
 */
export function makeAPIError(
  status: number | undefined,
  body: unknown,
  headers: Headers | Record<string, string> | undefined,
  statusText?: string,
  redact: (text: string) => string = (text) => text,
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

function redactBody(body: unknown, redact: (text: string) => string): unknown {
  if (typeof body === "string") return redact(body);
  if (body === null || typeof body !== "object") return body;
  const json = JSON.stringify(body);
  const clean = redact(json);
  return clean === json ? body : JSON.parse(clean);
}

const MAX_TEXT = 1000;

function errorFields(body: unknown): ErrorFields {
  if (typeof body === "string") {
    const text = body.trim();
    return { message: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text || undefined };
  }
  if (body === null || typeof body !== "object") return {};
  const outer = body as Record<string, unknown>;
  const inner = outer.error;
  // {"error": {"message", "type", "code", "param"}} — the documented OpenAI-style shape.
  if (inner !== null && typeof inner === "object") {
    const e = inner as Record<string, unknown>;
    return { message: text(e.message), code: text(e.code), type: text(e.type), param: text(e.param) };
  }
  // {"code": "...", "error": "..."} — the shape xAI also answers with; otherwise a bare {"message"}.
  return {
    message: text(inner) ?? text(outer.message) ?? JSON.stringify(body),
    code: text(outer.code),
    type: text(outer.type),
    param: text(outer.param),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value || undefined : typeof value === "number" ? String(value) : undefined;
}
