/**
 * One request through the mock, in order: CORS → media and public file URLs the mock serves itself → bearer check →
 * control routes (`/__mock/…`) → fault injection → session → path check → body (read as its media type says) → a
 * recorded answer, when replaying cassettes → Prism (route, validate, negotiate) → a matching fixture's answer
 * (`../scenarios/`), else the operation's behaviour from the one dispatch table, or Prism's negotiated answer when it
 * has none. Nothing but CORS, public media, public file URLs and the 401 happens before authentication. What the
 * journal records of the exchange is gathered on the way.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { behaviours } from "../behaviours/index.ts";
import type { Engine, EngineResult } from "../contract/prism-engine.ts";
import { uploadPartFor } from "../contract/upload-parts.ts";
import { isPublicFileRequest, servePublicFile } from "../media/public-files.ts";
import { isMediaRequest, serveMedia } from "../media/serve.ts";
import type { ResolvedOptions } from "../options.ts";
import type { Replay } from "../replay/replayer.ts";
import type { Scenarios } from "../scenarios/index.ts";
import type { Session, Sessions } from "../stores/sessions.ts";
import { bearerProblem } from "./auth.ts";
import { BodyTooLargeError, MalformedJsonError, type ReceivedBody, receiveBody } from "./body.ts";
import { CONTROL_PREFIX, type ControlScope, handleControl } from "./control.ts";
import { applyCors } from "./cors.ts";
import { sendError, sendJson, sendValidationError } from "./errors.ts";
import { type Faults, parseFaults, SESSION_HEADER, TEST_ID_HEADER } from "./fault-headers.ts";
import { applyFaults } from "./faults.ts";
import { FileTooLargeError, MultipartError } from "./multipart.ts";
import { malformedSegment, pathParams, queryOf } from "./target.ts";

/** What every request of one server shares. */
export interface RequestScope {
  engine: Engine;
  sessions: Sessions;
  scenarios: Scenarios;
  control: ControlScope;
  options: ResolvedOptions;
  /** Recorded exchanges served before the contract engine, when the server replays cassettes. */
  replay?: Replay;
  /** Aborted when the server closes. */
  signal: AbortSignal;
}

/** What the journal keeps of an exchange, filled in as the request goes through the pipeline. */
export interface Exchange {
  /** False for the control routes and media, which the journal leaves out. */
  journaled: boolean;
  session: string | null;
  operation: string | null;
  body: unknown;
  fixture: string | null;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function singleHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
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

/** The body, or undefined when it could not be read and the answer has been sent. */
async function readRequestBody(req: IncomingMessage, res: ServerResponse, options: ResolvedOptions, path: string) {
  try {
    return await receiveBody(req, options, uploadPartFor(path));
  } catch (error) {
    if (error instanceof BodyTooLargeError || error instanceof FileTooLargeError) sendError(res, 413, error.message);
    else if (error instanceof MalformedJsonError || error instanceof MultipartError) sendError(res, 400, error.message);
    else req.destroy();
    return undefined;
  }
}

/** The upload's fields with its files described, not their bytes: what the journal keeps of a multipart body. */
function journalBody(received: ReceivedBody): unknown {
  if (!received.files) return received.body;
  const files = received.files.map(({ filename, mimeType, bytes }) => ({ filename, mimeType, size: bytes.length }));
  return { ...(received.body as object), files };
}

export async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  scope: RequestScope,
  exchange: Exchange,
): Promise<void> {
  if (scope.options.cors && applyCors(req, res)) return;
  const url = new URL(req.url ?? "/", "http://mock.invalid");
  if (isMediaRequest(url.pathname)) {
    exchange.journaled = false;
    serveMedia(req, res, url.pathname);
    return;
  }
  if (isPublicFileRequest(url.pathname)) {
    exchange.journaled = false;
    servePublicFile(req, res, url.pathname, scope.sessions.fileStores());
    return;
  }
  const authProblem = bearerProblem(req.headers.authorization);
  if (authProblem) {
    sendError(res, 401, authProblem, { code: "unauthenticated" });
    return;
  }
  if (url.pathname.startsWith(CONTROL_PREFIX)) {
    exchange.journaled = false;
    await handleControl(req, res, url, scope.control);
    return;
  }
  let faults: Faults | undefined;
  let session: Session;
  try {
    faults = parseFaults(req.headers);
    session = scope.sessions.get(single(req.headers[SESSION_HEADER]));
  } catch (error) {
    sendError(res, 400, (error as Error).message);
    return;
  }
  exchange.session = session.id;
  if (faults && (await applyFaults(req, res, faults, { budgets: session.stores.faultBudgets, signal: scope.signal }))) {
    return;
  }

  const malformed = malformedSegment(url.pathname);
  if (malformed !== undefined) {
    sendError(res, 400, `Malformed percent-encoding in the request path: '${malformed}' does not decode.`);
    return;
  }

  const received: ReceivedBody | undefined = await readRequestBody(req, res, scope.options, url.pathname);
  if (!received) return;
  exchange.body = journalBody(received);
  if (scope.replay && (await scope.replay.serve(req, res, received, scope.signal))) return;

  const query = queryOf(url.searchParams);
  const result = await scope.engine.handle({
    method: req.method ?? "GET",
    path: url.pathname,
    query,
    headers: Object.assign(singleHeaders(req), received.forEngine.headers),
    body: received.forEngine.body,
  });
  if (result.kind === "no-route") {
    const allow = result.allow ? { allow: result.allow.join(", ") } : undefined;
    sendError(res, result.status, result.message, {}, allow);
    return;
  }
  exchange.operation = result.operation.iid ?? null;
  if (result.kind === "invalid") {
    const declared = new Set(result.operation.responses.map((r) => r.code));
    sendValidationError(res, result.violations, received.body, declared);
    return;
  }
  const scripted = scope.scenarios.script(
    { operationId: exchange.operation ?? "", body: received.body, testId: single(req.headers[TEST_ID_HEADER]) },
    session.scenario,
  );
  if (scripted.kind === "refused") {
    sendError(res, scripted.status, scripted.message);
    return;
  }
  const fixture = scripted.kind === "matched" ? scripted.matched : undefined;
  if (fixture) {
    exchange.fixture = fixture.fixture.name;
    const { answer } = fixture;
    if (answer.latencyMs) await sleep(answer.latencyMs, undefined, { signal: scope.signal });
    if (answer.kind === "error") {
      sendError(res, answer.status, answer.message);
      return;
    }
    if (answer.kind === "body") {
      sendJson(res, answer.status, answer.body);
      return;
    }
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
      body: received.body,
      files: received.files,
      negotiated: { status: result.status, headers: result.headers, body: result.body },
      disconnectAfterEvents: faults?.disconnectAfterEvents,
      scripted:
        fixture?.answer.kind === "model" ? { answer: fixture.answer.answer, pace: fixture.answer.pace } : undefined,
      state: session.state,
      signal: scope.signal,
    }));
  if (!handled) sendNegotiated(res, result);
}
