/** Error bodies in xAI's documented shape, `{"error": {message, type, code, param}}`, plus every violation found. */
import type { ServerResponse } from "node:http";
import type { Violation } from "../contract/prism-engine.ts";

export interface XaiErrorBody {
  error: {
    message: string;
    type: string;
    code: string;
    param: string | null;
    /** Every problem found in the request (the spec's ErrorDetail allows extra properties). */
    details?: Violation[];
  };
}

const TYPE_BY_STATUS: Record<number, string> = {
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "invalid_request_error",
  429: "rate_limit_error",
};

const CODE_BY_STATUS: Record<number, string> = {
  400: "invalid_argument",
  401: "unauthenticated",
  403: "permission_denied",
  404: "not_found",
  405: "method_not_allowed",
  408: "request_timeout",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable_entity",
  431: "headers_too_large",
  429: "resource_exhausted",
  500: "internal_error",
  503: "unavailable",
  529: "overloaded",
};

export function errorBody(
  status: number,
  message: string,
  extra: { code?: string; param?: string | null; details?: Violation[] } = {},
): XaiErrorBody {
  const type = TYPE_BY_STATUS[status] ?? (status >= 500 ? "server_error" : "invalid_request_error");
  const error: XaiErrorBody["error"] = {
    message,
    type,
    code: extra.code ?? CODE_BY_STATUS[status] ?? `http_${status}`,
    param: extra.param ?? null,
  };
  if (extra.details) error.details = extra.details;
  return { error };
}

/** A 400/422 body that names the first violation in `message`/`param` and lists them all in `details`. */
export function validationErrorBody(status: number, violations: Violation[]): XaiErrorBody {
  const summary = violations.map((v) => `${v.location.join(".")}: ${v.message}`).join("; ");
  const first = violations[0];
  const param = first && first.location.length > 1 ? first.location.slice(1).join(".") : null;
  return errorBody(
    status,
    `Invalid request (${violations.length} problem${violations.length === 1 ? "" : "s"}): ${summary}`,
    {
      param,
      details: violations,
    },
  );
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extra?: Parameters<typeof errorBody>[2],
  headers?: Record<string, string>,
): void {
  sendJson(res, status, errorBody(status, message, extra), headers);
}
