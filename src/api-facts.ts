/**
 * Facts about the xAI REST API that the client (`src/`) and the mock (`mock/`) both rely on, kept in one module so
 * the two cannot drift apart: how xAI names its error kinds, which HTTP status each kind travels with, and the
 * documented limits. Sources: the public captures of api.x.ai summarised in the README ("Wire evidence"), tonic's
 * gRPC status descriptions (the older `code` dialect is exactly those strings) and xAI's API reference.
 */

/** xAI's error kinds: the kebab-case `code` of its newer error bodies (`{"code": "not-found", "error": "…"}`). */
export type ErrorKind = (typeof ERROR_KINDS)[number]["kind"];

/**
 * Every gRPC status xAI's REST gateway can surface, as `kind` (the newer, 2026 `code` dialect), `status` (the HTTP
 * status it is sent with, per google.rpc's mapping and the captures) and `description` (the older `code` dialect:
 * tonic's description of the status, e.g. "Client specified an invalid argument"). The first kind listed for a
 * status is the one used for it.
 */
export const ERROR_KINDS = [
  { kind: "invalid-argument", status: 400, description: "Client specified an invalid argument" },
  {
    kind: "failed-precondition",
    status: 400,
    description: "The system is not in a state required for the operation's execution",
  },
  { kind: "out-of-range", status: 400, description: "Operation was attempted past the valid range" },
  { kind: "unauthenticated", status: 401, description: "The request does not have valid authentication credentials" },
  {
    kind: "permission-denied",
    status: 403,
    description: "The caller does not have permission to execute the specified operation",
  },
  { kind: "not-found", status: 404, description: "Some requested entity was not found" },
  { kind: "already-exists", status: 409, description: "Some entity that we attempted to create already exists" },
  { kind: "aborted", status: 409, description: "The operation was aborted" },
  { kind: "resource-exhausted", status: 429, description: "Some resource has been exhausted" },
  { kind: "cancelled", status: 499, description: "The operation was cancelled" },
  { kind: "internal", status: 500, description: "Internal error" },
  { kind: "unknown", status: 500, description: "Unknown error" },
  { kind: "data-loss", status: 500, description: "Unrecoverable data loss or corruption" },
  { kind: "unimplemented", status: 501, description: "Operation is not implemented or not supported" },
  { kind: "unavailable", status: 503, description: "The service is currently unavailable" },
  { kind: "deadline-exceeded", status: 504, description: "Deadline expired before operation could complete" },
] as const;

/**
 * Error `type`/`code` strings of other dialects that reach xAI clients — OpenAI- and Anthropic-style bodies from
 * proxies and compatible gateways, and SDK fixtures — mapped to the status whose error class fits them.
 */
const OTHER_DIALECTS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  bad_request: 400,
  authentication_error: 401,
  invalid_api_key: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  rate_limited: 429,
  api_error: 500,
  internal_error: 500,
  server_error: 500,
  overloaded_error: 529,
  overloaded: 529,
};

/** The entry of ERROR_KINDS a `code` string names, in either dialect (and in snake_case: `not_found`). */
function kindEntry(code: string): (typeof ERROR_KINDS)[number] | undefined {
  const normalised = code.trim().toLowerCase();
  const kebab = normalised.replaceAll("_", "-");
  return ERROR_KINDS.find((entry) => entry.kind === kebab || entry.description.toLowerCase() === normalised);
}

/**
 * The HTTP status an error `code` or `type` string stands for, in any dialect: kebab-case kinds (`not-found`),
 * their snake_case spelling (`not_found`), the older gRPC descriptions, and OpenAI/Anthropic error types.
 */
export function statusOfErrorCode(code: string): number | undefined {
  return kindEntry(code)?.status ?? OTHER_DIALECTS[code.trim().toLowerCase()];
}

/** The error kind xAI sends with `status`, or undefined for statuses no gRPC kind maps to (413, 422, …). */
export function errorKindOf(status: number): (typeof ERROR_KINDS)[number] | undefined {
  return ERROR_KINDS.find((entry) => entry.status === status);
}

/**
 * The error kind, in the newer kebab-case dialect, that a raw `code` (or `type`) of an error body stands for:
 * either dialect of xAI's kinds as they are; a numeric HTTP status (`{"code": 429}`, also as a string) or another
 * dialect's type (`rate_limit_error`) as the kind xAI sends with that status. Undefined when nothing maps.
 */
export function errorKindOfCode(code: string | number): ErrorKind | undefined {
  if (typeof code === "number") return errorKindOf(code)?.kind;
  const entry = kindEntry(code);
  if (entry) return entry.kind;
  const status = /^\d{3}$/.test(code.trim()) ? Number(code) : OTHER_DIALECTS[code.trim().toLowerCase()];
  return status === undefined ? undefined : errorKindOf(status)?.kind;
}

/** The largest file `POST /v1/files` accepts: 50 MiB; larger uploads get 413. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Bounds of a file's `expires_after`, in seconds: 1 hour to 30 days. */
export const MIN_EXPIRES_AFTER = 3_600;
export const MAX_EXPIRES_AFTER = 2_592_000;
/** `GET /v1/files`: the default and largest page size. */
export const MAX_FILES_PAGE = 100;

/**
 * The two spellings of an error body's `code` seen on the wire: `kebab` (`"not-found"`, the newest captures) and
 * `grpc` (`"Some requested entity was not found"`, the gRPC status descriptions of older captures, still seen in
 * 2026).
 */
export type ErrorCodeDialect = "kebab" | "grpc";

/**
 * The `code` xAI sends with `status`, in `dialect`. Statuses no gRPC kind maps to (405, 413, 415, …) travel as
 * `invalid-argument` (4xx) or `internal` (5xx); 529 as `unavailable`.
 */
export function errorCodeOf(status: number, dialect: ErrorCodeDialect): string {
  const kind = errorKindOf(status) ?? errorKindOf(status === 529 ? 503 : status >= 500 ? 500 : 400) ?? ERROR_KINDS[0];
  return dialect === "kebab" ? kind.kind : kind.description;
}
