/**
 * The mock as msw request handlers, for tests with no port (Node's `setupServer`, a browser's `setupWorker`):
 * the same fixtures, answer rule, renderers, fault headers, sessions and journal as the server, over Fetch
 * `Request`/`Response`. Prism does not run here (it needs Node): requests are validated with Ajv against the
 * effective spec (each schema compiled once, on first use) and refused in xAI's words (`contract/rejection.ts`).
 *
 * Served: chat completions, the Responses API and Messages (fixture or rule, whole or streamed), and any operation
 * a fixture names. Everything else is left to msw's `onUnhandledRequest`: files, deferred polls and videos need
 * state the server keeps.
 */
import { type HttpHandler, HttpResponse, http } from "msw";
import { type OperationEntry, operations } from "../../generated/operations.ts";
import { familyOf } from "../behaviours/conversation.ts";
import { answerFamily, type FamilyResult } from "../behaviours/families.ts";
import { catalogueOf, type ModelEntry } from "../catalogue/catalogue.ts";
import type { Violation } from "../contract/prism-engine.ts";
import { describeRejection } from "../contract/rejection.ts";
import { createSpecValidator, escapePointer } from "../contract/validator.ts";
import { type FixtureControl, fixtureControl, type JournalControl, journalControl } from "../control.ts";
import { bearerProblem } from "../http/auth.ts";
import { xaiErrorBody } from "../http/error-body.ts";
import { type Faults, parseFaults, SESSION_HEADER, TEST_ID_HEADER } from "../http/fault-headers.ts";
import { Journal } from "../journal/journal.ts";
import { resolveOptions } from "../options.ts";
import { Scenarios } from "../scenarios/index.ts";
import type { Fixture } from "../scenarios/types.ts";
import { eventDelays, formatSseEvent, type SseEvent, type StreamPace } from "../sse/format.ts";
import { createIdFactory } from "../stores/ids.ts";
import type { StoreLimits } from "../stores/lru-store.ts";
import { type Session, Sessions, sessionFactory } from "../stores/sessions.ts";

export interface XaiHandlersOptions {
  /** Where the app sends its requests. Default `https://api.x.ai`. */
  baseUrl?: string;
  /** Fixtures, checked against the effective spec now (a bad one throws a `FixtureError` naming its JSON path). */
  fixtures?: readonly Fixture<any>[];
  /** A model request no fixture matches gets a 404 naming the closest fixtures, not the mock's own answer. */
  strict?: boolean;
  /** The model catalogue. Default: the spec's models. */
  models?: readonly ModelEntry[];
  /** Seed of the id sequence. Default "xai-mock". */
  seed?: string;
  /** Pause between streamed events, ms. Default 0. */
  streamDelayMs?: number;
  /** The journal's caps, or false for none. Default 10,000 entries, 8 MiB. */
  journal?: false | Partial<StoreLimits>;
}

export interface XaiMockHandlers {
  /** For `setupServer(...handlers)` / `setupWorker(...handlers)` or `server.use(...)`. */
  handlers: HttpHandler[];
  fixtures: FixtureControl;
  journal: JournalControl;
  /** Forget every session, stored response, journal entry and match count, and the fixtures added since. */
  reset(): void;
}

const JSON_HEADERS = { "content-type": "application/json" };

function errorResponse(status: number, message: string, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(xaiErrorBody(status, message), { status, headers: { ...headers, ...JSON_HEADERS } });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Events as SSE bytes at their pace; after `disconnectAfter` events the body breaks off with an error. */
function sseBody(events: readonly SseEvent[], delayMs: number, pace?: StreamPace, disconnectAfter?: number) {
  const delays = eventDelays(events, delayMs, pace);
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (disconnectAfter !== undefined && index >= disconnectAfter) {
          controller.error(new TypeError("x-mock-disconnect-after: the connection dropped"));
          return;
        }
        if (index >= events.length) {
          controller.close();
          return;
        }
        if (delays[index]! > 0) await sleep(delays[index]!);
        controller.enqueue(encoder.encode(formatSseEvent(events[index]!)));
        index++;
      },
      // Pulled only when read: erroring a stream discards what it still queues, so the events sent must be read first.
    },
    { highWaterMark: 0 },
  );
}

function familyResponse(result: FamilyResult, delayMs: number, faults: Faults | undefined): Response {
  if (result.kind === "error") return errorResponse(result.status, result.message);
  if (result.kind === "json") return HttpResponse.json(result.body as object, { status: result.status });
  return new HttpResponse(sseBody(result.events, delayMs, result.pace, faults?.disconnectAfterEvents), {
    status: 200,
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
}

/** The handlers and their control surface, over an effective spec object (`xai-toolkit/msw` passes the shipped one). */
export function createXaiHandlers(spec: Record<string, any>, options: XaiHandlersOptions = {}): XaiMockHandlers {
  const settings = resolveOptions({
    seed: options.seed,
    streamDelayMs: options.streamDelayMs,
    strict: options.strict,
    journal: options.journal,
  });
  const validator = createSpecValidator(spec);
  const catalogue = catalogueOf(options.models, "(models option)", spec);
  const scenarios = new Scenarios({ catalogue, validator, strict: settings.strict }, [
    { source: "fixtures option", fixtures: options.fixtures ?? [] },
  ]);
  const ids = createIdFactory(settings.seed);
  const sessions = new Sessions(sessionFactory(settings, ids, scenarios), settings.maxSessions);
  const journal = settings.journal ? new Journal(settings.journal) : undefined;
  const base = new URL(options.baseUrl ?? "https://api.x.ai");
  const basePath = base.pathname.replace(/\/$/, "");

  const routes = operations.map((op: OperationEntry) => ({
    op,
    pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));
  const served = (op: OperationEntry, session: Session) =>
    familyOf(op.operationId) !== undefined ||
    scenarios.server.index.serves(op.operationId) ||
    session.scenario.fixtures.index.serves(op.operationId);

  async function answer(request: Request, op: OperationEntry, session: Session, faults: Faults | undefined) {
    let body: unknown;
    const text = await request.text();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (error) {
        return { response: errorResponse(400, `Malformed JSON body: ${(error as Error).message}`), body: text };
      }
    }
    const schema = spec.paths[op.path]?.[op.method]?.requestBody?.content?.["application/json"]?.schema;
    if (schema) {
      const pointer = `/paths/${escapePointer(op.path)}/${op.method}/requestBody/content/application~1json/schema`;
      const result = validator.validateAt(pointer, body);
      if (!result.valid) {
        const rejection = describeRejection(result.issues as Violation[], body, new Set(Object.keys(op.responses)));
        const violations = JSON.stringify(result.issues.map(({ location, message }) => ({ location, message })));
        return {
          response: errorResponse(rejection.status, rejection.message, {
            "x-mock-violations": violations.slice(0, 8192),
          }),
          body,
        };
      }
    }
    const scripted = scenarios.script(
      { operationId: op.operationId, body, testId: request.headers.get(TEST_ID_HEADER) ?? undefined },
      session.scenario,
    );
    if (scripted.kind === "refused") return { response: errorResponse(scripted.status, scripted.message), body };
    const matched = scripted.kind === "matched" ? scripted.matched : undefined;
    const fixture = matched?.fixture.name ?? null;
    const reply = matched?.answer;
    if (reply?.latencyMs) await sleep(reply.latencyMs);
    if (reply?.kind === "error") return { response: errorResponse(reply.status, reply.message), body, fixture };
    if (reply?.kind === "body") {
      return { response: HttpResponse.json(reply.body as object, { status: reply.status }), body, fixture };
    }
    const family = familyOf(op.operationId)!;
    const script = reply?.kind === "model" ? { answer: reply.answer, pace: reply.pace } : undefined;
    const result = answerFamily(family, body, session.state, script);
    return { response: familyResponse(result, settings.streamDelayMs, faults), body, fixture };
  }

  const handler = http.all(`${base.origin}${basePath}/v1/*`, async ({ request }) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length);
    const route = routes.find((r) => r.op.method === request.method.toLowerCase() && r.pattern.test(path));
    if (!route) return undefined;
    const started = performance.now();
    const arrived = Date.now();
    const headers = Object.fromEntries(request.headers);
    let session: Session;
    let faults: Faults | undefined;
    try {
      faults = parseFaults(headers);
      session = sessions.get(headers[SESSION_HEADER]);
    } catch (error) {
      return errorResponse(400, (error as Error).message);
    }
    if (!served(route.op, session)) return undefined;
    const record = (status: number | null, body: unknown, fixture: string | null = null) => {
      journal?.record({
        time: arrived,
        session: session.id,
        method: request.method,
        path,
        search: url.search.slice(1),
        operation: route.op.operationId,
        headers,
        body,
        fixture,
        status,
        durationMs: performance.now() - started,
      });
    };

    const authProblem = bearerProblem(headers.authorization);
    if (authProblem) {
      record(401, undefined);
      return errorResponse(401, authProblem);
    }
    if (faults?.latencyMs) await sleep(faults.latencyMs);
    if (faults && (faults.reset || faults.status !== undefined)) {
      const key = faults.key ?? `${request.method} ${url.pathname}${url.search}`;
      if (faults.times === undefined || session.stores.faultBudgets.take(key, faults.times)) {
        const status = faults.reset ? null : faults.status!;
        record(status, undefined);
        if (status === null) return HttpResponse.error();
        const retryAfter: Record<string, string> = faults.retryAfter ? { "retry-after": faults.retryAfter } : {};
        return errorResponse(status, `Injected fault: HTTP ${status} requested by x-mock-status.`, retryAfter);
      }
    }
    const { response, body, fixture } = await answer(request, route.op, session, faults);
    record(response.status, body, fixture ?? null);
    return response;
  });

  return {
    handlers: [handler],
    fixtures: fixtureControl(scenarios, scenarios.server),
    journal: journalControl(journal),
    reset() {
      sessions.clear();
      scenarios.server.reset();
      journal?.clear();
    },
  };
}
