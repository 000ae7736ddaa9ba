/** The node:http adapter: binds the server, turns each request over to the pipeline, answers garbage, closes cleanly. */
import { createServer, type Server, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ErrorCodeDialect } from "../../src/api-facts.ts";
import { FAMILIES, FAMILY_OPERATIONS } from "../behaviours/conversation.ts";
import { loadCatalogue } from "../catalogue/models.ts";
import { createEngine } from "../contract/prism-engine.ts";
import { loadSpec } from "../contract/spec.ts";
import { createSpecValidator } from "../contract/validator.ts";
import { type FixtureControl, fixtureControl, type JournalControl, journalControl } from "../control.ts";
import { Journal } from "../journal/journal.ts";
import { type MockServerOptions, resolveOptions } from "../options.ts";
import { loadReplay, type ReplaySummary } from "../replay/replayer.ts";
import { Scenarios } from "../scenarios/index.ts";
import { loadFixtureFiles } from "../scenarios/load.ts";
import { createIdFactory } from "../stores/ids.ts";
import { Sessions, sessionFactory } from "../stores/sessions.ts";
import type { ControlScope } from "./control.ts";
import { errorBody, responseClassFor, sendError } from "./errors.ts";
import { SESSION_HEADER } from "./fault-headers.ts";
import { type Exchange, handleRequest, type RequestScope } from "./pipeline.ts";
import { requestLogLine } from "./request-log.ts";

/** One session of a running mock, for a test that must not share state with others running in parallel. */
export interface MockSession {
  id: string;
  /** The header that puts a request in this session: spread it into a client's `defaultHeaders`. */
  headers: { [SESSION_HEADER]: string };
  /** Fixtures for this session only (matched before the server's). */
  fixtures: FixtureControl;
  /** This session's exchanges. */
  journal: JournalControl;
  /** Forget its stores, fixtures, match counts and journal entries. */
  reset(): void;
}

export interface MockServer {
  url: string;
  port: number;
  /** With `replay`: the cassettes served, and each file that could not be (named, with what is wrong). */
  replay?: ReplaySummary;
  /** The server's fixtures: those it started with and those added since. */
  fixtures: FixtureControl;
  /** Every exchange, of every session. */
  journal: JournalControl;
  /** A session by id (created on first use). */
  session(id: string): MockSession;
  /**
   * Back to how it started: forget every file, stored response, deferred completion, video job, fault budget, session,
   * journal entry and match count, and the fixtures added at run time; replayed sequences start over.
   */
  reset(): void;
  close(): Promise<void>;
}

/** Garbage that never became a request: answer in xAI's shape where the socket still allows, then close. */
function onClientError(error: Error & { code?: string }, socket: Socket, dialect: ErrorCodeDialect): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const payload = JSON.stringify(
    errorBody(status, `Malformed HTTP request (${error.code ?? "parse error"}).`, { dialect }),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`,
  );
}

/** The fixtures option as sources: files read now, fixtures given in code labelled as such. */
function fixtureSources(fixtures: MockServerOptions["fixtures"]) {
  if (fixtures === undefined) return [];
  return typeof fixtures === "string" ? loadFixtureFiles(fixtures) : [{ source: "fixtures option", fixtures }];
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const settings = resolveOptions(options);
  const catalogue = loadCatalogue(settings.models);
  const scenarios = new Scenarios(
    { catalogue, validator: createSpecValidator(loadSpec()), strict: settings.strict },
    fixtureSources(options.fixtures),
  );
  const ids = createIdFactory(settings.seed);
  const sessions = new Sessions(sessionFactory(settings, ids, scenarios), settings.maxSessions);
  const aliases = new Map<string, string>(
    FAMILIES.map((f) => [FAMILY_OPERATIONS[f].method, FAMILY_OPERATIONS[f].operationId]),
  );
  const journal = settings.journal ? new Journal(settings.journal, aliases) : undefined;
  const abort = new AbortController();
  const replay =
    settings.replay === undefined
      ? undefined
      : await loadReplay({ dir: settings.replay, speed: settings.replaySpeed, strict: settings.replayStrict });
  const resetAll = () => {
    sessions.clear();
    scenarios.server.reset();
    journal?.clear();
    replay?.reset();
  };
  const control: ControlScope = { sessions, scenarios, journal, maxBodyBytes: settings.maxBodyBytes, resetAll };
  const scope: RequestScope = {
    replay,
    engine: await createEngine({ seed: settings.seed }),
    sessions,
    scenarios,
    control,
    signal: abort.signal,
    options: settings,
  };
  const log = settings.log;

  const serverOptions = {
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    // How often Node checks those two; its default (30 s) would let a stalled client outlive them by that much.
    connectionsCheckingInterval: Math.min(1_000, settings.headersTimeoutMs),
    ServerResponse: responseClassFor(settings.errorDialect),
  };
  const server: Server = createServer(serverOptions, (req, res) => {
    const started = performance.now();
    const arrived = Date.now();
    if (log) res.on("close", () => log(requestLogLine(req, res, performance.now() - started)));
    const exchange: Exchange = {
      journaled: true,
      session: null,
      operation: null,
      body: undefined,
      fixture: null,
    };
    handleRequest(req, res, scope, exchange)
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        if (!res.headersSent) sendError(res, 500, `Mock server error: ${(error as Error).message}`);
        else res.destroy();
      })
      .finally(() => {
        // Recorded once the answer is handed to the socket, before the client can read it and ask the journal.
        if (!journal || !exchange.journaled) return;
        const target = req.url ?? "/";
        const mark = target.indexOf("?");
        journal.record({
          time: arrived,
          session: exchange.session,
          method: req.method ?? "GET",
          path: mark === -1 ? target : target.slice(0, mark),
          search: mark === -1 ? "" : target.slice(mark + 1),
          operation: exchange.operation,
          headers: req.headers,
          body: exchange.body,
          fixture: exchange.fixture,
          status: res.headersSent ? res.statusCode : null,
          durationMs: performance.now() - started,
        });
      });
  });
  server.keepAliveTimeout = 5_000;
  // A connection with no traffic either way (a client that stopped reading, or never sent a byte) is closed.
  server.timeout = settings.idleTimeoutMs;
  server.on("clientError", (error: Error, socket: Socket) => onClientError(error, socket, settings.errorDialect));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    ...(replay && { replay: { cassettes: replay.cassettes, problems: replay.problems } }),
    fixtures: fixtureControl(scenarios, scenarios.server),
    journal: journalControl(journal),
    session(id) {
      sessions.get(id); // a bad id throws here, not at first use
      // Looked up on each use: a reset forgets sessions, and this handle must reach the one requests get afterwards.
      const fixtures = () => fixtureControl(scenarios, sessions.get(id).scenario.fixtures);
      return {
        id,
        headers: { [SESSION_HEADER]: id },
        fixtures: {
          add: (list) => fixtures().add(list),
          reset: () => fixtures().reset(),
          list: () => fixtures().list(),
        },
        journal: journalControl(journal, id),
        reset() {
          Sessions.reset(sessions.get(id));
          journal?.clear(id);
        },
      };
    },
    reset: resetAll,
    close: () =>
      new Promise<void>((resolve) => {
        abort.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
