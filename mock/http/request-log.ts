/**
 * The request log line: method, path (never the query), status and duration — and never the caller's credential,
 * even when a confused client puts it in the path, escaped or not.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

const CREDENTIAL_HEADERS = ["authorization", "x-api-key"] as const;
/** Shorter tokens are not secrets worth mangling a log line for (and would match everywhere). */
const MIN_SECRET_LENGTH = 4;

/** The credential tokens a request carries: every word of its credential headers but the auth scheme. */
export function credentials(headers: IncomingHttpHeaders): string[] {
  const secrets: string[] = [];
  for (const name of CREDENTIAL_HEADERS) {
    const value = headers[name];
    for (const token of (Array.isArray(value) ? value.join(" ") : (value ?? "")).split(/\s+/)) {
      if (token.length >= MIN_SECRET_LENGTH && !/^(bearer|basic)$/i.test(token)) secrets.push(token);
    }
  }
  return secrets;
}

/** Percent-escapes decoded where they decode, left as they are where they do not. */
export function lenientlyDecoded(path: string): string {
  return path.replace(/(?:%[0-9a-f]{2})+/gi, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}

/**
 * The path as a reader would see it, credentials replaced, and anything that is not printable ASCII escaped again
 * (a decoded line break must not forge a log line).
 */
function loggablePath(path: string, secrets: readonly string[]): string {
  const redact = (text: string) =>
    secrets.reduce((redacted, secret) => redacted.replaceAll(secret, "[redacted]"), text);
  return redact(lenientlyDecoded(redact(path))).replace(/[^\x21-\x7e]/g, (char) => encodeURIComponent(char));
}

export function requestLogLine(req: IncomingMessage, res: ServerResponse, elapsedMs: number): string {
  const path = loggablePath((req.url ?? "/").split("?")[0]!, credentials(req.headers));
  const status = res.headersSent ? res.statusCode : "reset";
  return `${req.method} ${path} ${status} ${elapsedMs.toFixed(1)}ms`;
}
