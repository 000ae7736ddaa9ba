/**
 * The request log line: method, path (never the query), status and duration — and never the caller's credential,
 * even when a confused client puts it in the path, escaped or not.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { credentialTokens } from "../journal/redact.ts";

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
  const path = loggablePath((req.url ?? "/").split("?")[0]!, credentialTokens(req.headers));
  const status = res.headersSent ? res.statusCode : "reset";
  return `${req.method} ${path} ${status} ${elapsedMs.toFixed(1)}ms`;
}
