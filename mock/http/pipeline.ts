/**
 * One request through the mock, in order: CORS → media the mock serves itself → fault injection → bearer check →
 * body → Prism (route, validate, negotiate) → the operation's behaviour, or Prism's negotiated answer when it has none.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { type BehaviourState, behaviours } from "../behaviours/index.ts";
import { handleUpload, isUpload } from "../behaviours/upload.ts";
import type { Engine, EngineResult } from "../contract/prism-engine.ts";
import { isMediaRequest, serveMedia } from "../media/serve.ts";
import type { ResolvedOptions } from "../options.ts";
import { bearerProblem } from "./auth.ts";
import { BodyTooLargeError, MalformedJsonError, parseBody, readBody } from "./body.ts";
import { applyCors } from "./cors.ts";
import { sendError, sendValidationError } from "./errors.ts";
import { type FaultBudget, type Faults, parseFaults } from "./faults.ts";

/** What every request of one server shares. */
export interface RequestScope {
  engine: Engine;
  state: BehaviourState;
  budget: FaultBudget;
  options: ResolvedOptions;
  /** Aborted when the server closes. */
  signal: AbortSignal;
}

function singleHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

function pathParams(template: string, pathname: string): Record<string, string> {
  const params: Record<string, string> = {};
  const names = template.split("/");
  const values = pathname.split("/");
  names.forEach((segment, i) => {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    if (name && values[i] !== undefined) params[name] = decodeURIComponent(values[i]!);
  });
  return params;
}

// Memoised negotiation hands back the same body object for the same answer; serialise it once.
const serialised = new WeakMap<object, string>();

function serialise(body: unknown): string {
  if (typeof body !== "object" || body === null) return JSON.stringify(body);
  let text = serialised.get(body);
  if (text === undefined) {
    text = JSON.stringify(body);
    serialised.set(body, text);
  }
  return text;
}

function sendNegotiated(res: ServerResponse, result: Extract<EngineResult, { kind: "ok" }>): void {
  const { status, headers, body } = result;
  const contentType = headers["content-type"];
  if (body === undefined || body === null || !contentType) {
    res.writeHead(status, headers["retry-after"] ? { "retry-after": headers["retry-after"] } : {}).end();
    return;
  }
  const payload = typeof body === "string" && !/json/i.test(contentType) ? body : serialise(body);
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

/** Apply the request's faults; true when the response has been taken over. */
async function injectFaults(req: IncomingMessage, res: ServerResponse, faults: Faults, scope: RequestScope) {
  if (faults.latencyMs) await sleep(faults.latencyMs, undefined, { signal: scope.signal });
  if (!faults.reset && faults.status === undefined) return false;
  if (!scope.budget.take(faults, `${req.method} ${req.url}`)) return false;
  if (faults.reset) {
    req.socket.resetAndDestroy();
    return true;
  }
  const headers: Record<string, string> = faults.retryAfter ? { "retry-after": faults.retryAfter } : {};
  sendError(res, faults.status!, `Injected fault: HTTP ${faults.status} requested by x-mock-status.`, {}, headers);
  return true;
}

export async function handleRequest(req: IncomingMessage, res: ServerResponse, scope: RequestScope): Promise<void> {
  if (scope.options.cors && applyCors(req, res)) return;
  const url = new URL(req.url ?? "/", "http://mock.invalid");
  if (isMediaRequest(url.pathname)) {
    serveMedia(req, res, url.pathname);
    return;
  }
  let faults: Faults | undefined;
  try {
    faults = parseFaults(req.headers);
  } catch (error) {
    sendError(res, 400, (error as Error).message, { param: null });
    return;
  }
  if (faults && (await injectFaults(req, res, faults, scope))) return;

  const authProblem = bearerProblem(req.headers.authorization);
  if (authProblem) {
    sendError(res, 401, authProblem, { code: "unauthenticated" });
    return;
  }

  const headers = singleHeaders(req);
  if (isUpload(req.method, url.pathname, req.headers["content-type"])) {
    await handleUpload(req, res, {
      engine: scope.engine,
      files: scope.state.files,
      maxFileBytes: scope.options.maxFileBytes,
      headers,
    });
    return;
  }

  let body: unknown;
  try {
    body = parseBody(await readBody(req, scope.options.maxBodyBytes), req.headers["content-type"]);
  } catch (error) {
    if (error instanceof BodyTooLargeError) sendError(res, 413, error.message, { code: "payload_too_large" });
    else if (error instanceof MalformedJsonError) sendError(res, 400, error.message, { code: "invalid_json" });
    else req.destroy();
    return;
  }

  const query = queryOf(url);
  const result = await scope.engine.handle({ method: req.method ?? "GET", path: url.pathname, query, headers, body });
  if (result.kind === "no-route") {
    const allow = result.allow ? { allow: result.allow.join(", ") } : undefined;
    sendError(res, result.status, result.message, {}, allow);
    return;
  }
  if (result.kind === "invalid") {
    const declared = new Set(result.operation.responses.map((r) => r.code));
    sendValidationError(res, result.violations, body, declared);
    return;
  }
  const behaviour = result.operation.iid ? behaviours[result.operation.iid] : undefined;
  const handled =
    behaviour !== undefined &&
    result.status >= 200 &&
    result.status < 300 &&
    (await behaviour({
      req,
      res,
      params: pathParams(result.operation.path, url.pathname),
      query,
      body,
      negotiated: { status: result.status, headers: result.headers, body: result.body },
      disconnectAfterEvents: faults?.disconnectAfterEvents,
      state: scope.state,
      signal: scope.signal,
    }));
  if (!handled) sendNegotiated(res, result);
}
