/**
 * Error responses as api.x.ai sends them: compact JSON `{"code": "<kind>", "error": "<message>"}` with
 * `application/json` (every capture in ../shared/wire shows this flat shape; none shows OpenAI's nested one). The
 * `code` is spelled in the dialect the server was started with (`src/api-facts.ts`); a 422 deserialization failure
 * carries no `code`, as captured: `{"error": "Failed to deserialize the JSON body into the target type: …"}`.
 * Every violation the contract engine found, with its location, travels in the `x-mock-violations` header (JSON).
 */
import { ServerResponse } from "node:http";
import type { ErrorCodeDialect } from "../../src/api-facts.ts";
import type { Violation } from "../contract/prism-engine.ts";
import { describeRejection } from "../contract/rejection.ts";
import { type XaiErrorBody, xaiErrorBody } from "./error-body.ts";

export type { XaiErrorBody } from "./error-body.ts";

/** Error bodies always use the flat shape; `code`/`param` hints from older callers have no place in it. */
export interface ErrorExtra {
  code?: string;
  param?: string | null;
  /** Sent in the `x-mock-violations` header. */
  details?: Violation[];
  dialect?: ErrorCodeDialect;
}

export const VIOLATIONS_HEADER = "x-mock-violations";
const MAX_VIOLATIONS_HEADER_BYTES = 8 * 1024;

/** The ServerResponse of a server started with `dialect`: its error bodies spell `code` that way. */
export function responseClassFor(dialect: ErrorCodeDialect) {
  return class DialectResponse extends ServerResponse {
    readonly errorDialect = dialect;
  } as typeof ServerResponse;
}

function dialectOf(res: ServerResponse): ErrorCodeDialect {
  return (res as ServerResponse & { errorDialect?: ErrorCodeDialect }).errorDialect ?? "kebab";
}

export function errorBody(status: number, message: string, extra: ErrorExtra = {}): XaiErrorBody {
  return xaiErrorBody(status, message, extra.dialect);
}

/** Violations as one header value: JSON with non-ASCII escaped, the list cut short rather than the JSON. */
export function violationsHeader(violations: readonly Violation[]): string {
  const ascii = (text: string) =>
    text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const kept: Violation[] = [];
  for (const { location, message } of violations) {
    const next = ascii(JSON.stringify([...kept, { location, message }]));
    if (next.length > MAX_VIOLATIONS_HEADER_BYTES) break;
    kept.push({ location, message });
  }
  return ascii(JSON.stringify(kept));
}

/** The 400/422 body for a request that broke the contract: one sentence naming the field, as xAI words it. */
export function validationErrorBody(
  status: number,
  violations: Violation[],
  body?: unknown,
  dialect: ErrorCodeDialect = "kebab",
): XaiErrorBody {
  const declared = new Set([String(status)]);
  return errorBody(status, describeRejection(violations, body, declared).message, { dialect });
}

/**
 * Answer a request the contract engine rejected: status 422 for deserialization failures where the operation
 * declares it, else 400 (`declared` lists the operation's declared statuses), every violation in the header.
 */
export function sendValidationError(
  res: ServerResponse,
  violations: Violation[],
  body: unknown,
  declared: ReadonlySet<string>,
): void {
  const { status, message } = describeRejection(violations, body, declared);
  sendError(res, status, message, { details: violations });
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
  extra?: ErrorExtra,
  headers?: Record<string, string>,
): void {
  const details: Record<string, string> = extra?.details?.length
    ? { [VIOLATIONS_HEADER]: violationsHeader(extra.details) }
    : {};
  sendJson(res, status, errorBody(status, message, { dialect: dialectOf(res) }), { ...headers, ...details });
}
