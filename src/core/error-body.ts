import { type ErrorKind, errorKindOf, errorKindOfCode, statusOfErrorCode } from "../api-facts.ts";

/** What an error body says, whichever of the shapes that reach xAI clients it has. */
export interface ErrorFields {
  message: string | undefined;
  /** The error kind, normalised (see APIError.code). */
  code: ErrorKind | undefined;
  rawCode: string | number | undefined;
  type: string | undefined;
  param: string | undefined;
}

const MAX_TEXT = 1000;

/**
 * Reads an error body in any of the shapes observed from api.x.ai and compatible gateways (test/client/
 * error-shapes.test.ts holds the captured bodies):
 * - flat `{"code": "<kind>", "error": "<message>"}`, `code` in either dialect or a number (`{"code": 429, …}`);
 * - nested `{"error": {"message", "type", "code", "param"}}` (OpenAI, Anthropic's `{"type": "error", "error": …}`);
 * - a Responses stream's `{"type": "error", "code": null, "message", "param"}`;
 * - a bare JSON string, plain text, or an HTML error page (its `<title>`).
 * `status` supplies the kind when the body names none.
 */
export function errorFields(body: unknown, status: number | undefined): ErrorFields {
  let message: string | undefined;
  let fields: Record<string, unknown> = {};
  if (typeof body === "string") {
    message = textMessage(body);
  } else if (body !== null && typeof body === "object") {
    const outer = body as Record<string, unknown>;
    const inner = outer.error;
    fields = inner !== null && typeof inner === "object" ? (inner as Record<string, unknown>) : outer;
    message = text(fields.message) ?? text(inner) ?? JSON.stringify(body);
  }
  const rawCode = typeof fields.code === "number" ? fields.code : text(fields.code);
  const type = text(fields.type);
  return {
    message,
    code:
      (rawCode === undefined ? undefined : errorKindOfCode(rawCode)) ??
      (type === undefined ? undefined : errorKindOfCode(type)) ??
      (status === undefined ? undefined : errorKindOf(status)?.kind),
    rawCode,
    type,
    param: text(fields.param),
  };
}

/**
 * True for a 2xx JSON body that is really an error: `{"code", "error"}` or `{"error"}` and nothing else. xAI sends
 * overload errors that way with HTTP 200 ("Timed out waiting for first token").
 */
export function isErrorBody(body: unknown): boolean {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  let error = false;
  for (const key in body) {
    if (key === "error") error = true;
    else if (key !== "code") return false;
  }
  return error;
}

/**
 * The HTTP status an error that arrived without one (inside a 200 body or a stream) stands for: a numeric
 * `status`/`code`, else a `type`/`code` string in any dialect. Undefined when nothing says.
 */
export function statusOfErrorBody(body: unknown): number | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const outer = body as Record<string, unknown>;
  const inner = (typeof outer.error === "object" && (outer.error as Record<string, unknown>)) || {};
  for (const value of [outer.status, inner.status, inner.type, inner.code, outer.type, outer.code]) {
    if (typeof value === "number" && value >= 400 && value < 600) return value;
    const status = typeof value === "string" ? statusOfErrorCode(value) : undefined;
    if (status !== undefined) return status;
  }
  return undefined;
}

/** The message of a text body: trimmed and capped; an HTML error page (a proxy's 502) by its title. */
function textMessage(body: string): string | undefined {
  let message = body.trim();
  if (message.startsWith("<")) {
    const page = message.slice(0, 20 * MAX_TEXT);
    const title = /<title[^>]*>([^<]*)</i.exec(page)?.[1];
    message = (title ?? page.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  }
  return message.length > MAX_TEXT ? `${message.slice(0, MAX_TEXT)}…` : message || undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value || undefined : typeof value === "number" ? String(value) : undefined;
}
