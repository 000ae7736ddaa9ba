/**
 * CORS, on by default as in the Prism CLI, so browser clients on another origin can use the mock: every answer
 * allows the caller's origin and exposes all headers (retry-after, x-request-id); preflights get a 204.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Sets the CORS headers; returns true when the request was a preflight and has been answered. */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  res.setHeader("access-control-allow-origin", origin ?? "*");
  res.setHeader("access-control-expose-headers", "*");
  if (origin) res.setHeader("vary", "origin");
  const preflightMethod = req.headers["access-control-request-method"];
  if (req.method !== "OPTIONS" || !origin || !preflightMethod) return false;
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
    "access-control-max-age": "600",
    "content-length": "0",
  });
  res.end();
  return true;
}
