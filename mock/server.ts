/** One node:http server: fault injection → bearer check → body → Prism (route, validate, negotiate) → behaviours. */
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { bearerProblem } from "./auth.ts";
import { type BehaviourState, behaviours } from "./behaviours.ts";
import { BodyTooLargeError, MalformedJsonError, parseBody, readBody } from "./body.ts";
import { applyCors } from "./cors.ts";
import { DeferredCompletions } from "./deferred.ts";
import { errorBody, sendError, sendJson, validationErrorBody } from "./errors.ts";
import { FaultBudget, type Faults, parseFaults } from "./faults.ts";
import { FileStore } from "./files.ts";
import { createIdFactory } from "./ids.ts";
import { createEngine, type Engine, type EngineResult } from "./prism-engine.ts";
import { StoredResponses } from "./stored-responses.ts";
import { handleUpload, isUpload } from "./upload.ts";
import { VideoJobs } from "./videos.ts";

export interface MockServerOptions {
  /** Interface to bind; loopback by default. */
  host?: string;
  /** Port to bind; 0 picks a free one. Default 4010. */
  port?: number;
  /** Seed for generated ids and `Prefer: dynamic=true` bodies. Default "xai-mock". */
  seed?: string;
  /** Pause between streamed events, ms. Default 0. */
  streamDelayMs?: number;
  /** Polls a deferred completion answers 202 before its 200. Default 2. */
  deferredPolls?: number;
  /** Polls a video job stays pending before done/failed. Default 3. */
  videoPolls?: number;
  /** Largest JSON/text request body, bytes. Default 10 MB. */
  maxBodyBytes?: number;
  /** Largest uploaded file, bytes. Default 50 MB, as the API. */
  maxFileBytes?: number;
  /** Receives one line per request (method, path, status, ms) — never headers or bodies. */
  log?: (line: string) => void;
  /** Answer CORS preflights and allow any origin, as the Prism CLI does. Default true. */
  cors?: boolean;
}

export interface MockServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MB = 1024 * 1024;

interface RequestScope {
  engine: Engine;
  state: BehaviourState;
  budget: FaultBudget;
  options: Required<Omit<MockServerOptions, "log" | "host" | "port">>;
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

/** The spec's 422 for body problems where declared, its 400 otherwise (and 400 when it declares neither). */
function validationStatus(result: Extract<EngineResult, { kind: "invalid" }>): number {
  const declared = new Set(result.operation.responses.map((r) => r.code));
  const bodyProblem = result.violations.some((v) => v.location[0] === "body");
  if (bodyProblem && declared.has("422")) return 422;
  return 400;
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

async function handle(req: IncomingMessage, res: ServerResponse, scope: RequestScope): Promise<void> {
  if (scope.options.cors && applyCors(req, res)) return;
  const url = new URL(req.url ?? "/", "http://mock.invalid");
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
    const status = validationStatus(result);
    sendJson(res, status, validationErrorBody(status, result.violations));
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

/** Garbage that never became a request: answer in xAI's shape where the socket still allows, then close. */
function onClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const payload = JSON.stringify(errorBody(status, `Malformed HTTP request (${error.code ?? "parse error"}).`));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`,
  );
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const seed = options.seed ?? "xai-mock";
  const ids = createIdFactory(seed);
  const abort = new AbortController();
  const scope: RequestScope = {
    engine: await createEngine({ seed }),
    budget: new FaultBudget(),
    signal: abort.signal,
    options: {
      seed,
      cors: options.cors ?? true,
      streamDelayMs: options.streamDelayMs ?? 0,
      deferredPolls: options.deferredPolls ?? 2,
      videoPolls: options.videoPolls ?? 3,
      maxBodyBytes: options.maxBodyBytes ?? 10 * MB,
      maxFileBytes: options.maxFileBytes ?? 50 * MB,
    },
    state: {
      ids,
      files: new FileStore(ids),
      deferred: new DeferredCompletions(options.deferredPolls ?? 2),
      videos: new VideoJobs(options.videoPolls ?? 3),
      responses: new StoredResponses(),
      streamDelayMs: options.streamDelayMs ?? 0,
    },
  };
  const log = options.log;

  const server: Server = createServer({ headersTimeout: 10_000, requestTimeout: 120_000 }, (req, res) => {
    const started = performance.now();
    if (log) {
      res.on("close", () => {
        const path = (req.url ?? "/").split("?")[0];
        const status = res.headersSent ? res.statusCode : "reset";
        log(`${req.method} ${path} ${status} ${(performance.now() - started).toFixed(1)}ms`);
      });
    }
    handle(req, res, scope).catch((error: unknown) => {
      if (abort.signal.aborted) return;
      if (!res.headersSent) sendError(res, 500, `Mock server error: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on("clientError", onClientError);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        abort.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
