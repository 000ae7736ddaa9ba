/** The node:http adapter: binds the server, turns each request over to the pipeline, answers garbage, closes cleanly. */
import { createServer, type Server, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ErrorCodeDialect } from "../../src/api-facts.ts";
import { loadCatalogue } from "../catalogue/models.ts";
import { createEngine } from "../contract/prism-engine.ts";
import { type MockServerOptions, resolveOptions } from "../options.ts";
import { loadReplay, type ReplaySummary } from "../replay/replayer.ts";
import { createIdFactory } from "../stores/ids.ts";
import { clearStores, createStores } from "../stores/index.ts";
import { errorBody, responseClassFor, sendError } from "./errors.ts";
import { handleRequest, type RequestScope } from "./pipeline.ts";
import { requestLogLine } from "./request-log.ts";

export interface MockServer {
  url: string;
  port: number;
  /** With `replay`: the cassettes served, and each file that could not be (named, with what is wrong). */
  replay?: ReplaySummary;
  /**
   * Forget everything the mock was told: files, stored responses, deferred completions, video jobs, fault budgets;
   * replayed sequences start over.
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

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const settings = resolveOptions(options);
  const catalogue = loadCatalogue(settings.models);
  const ids = createIdFactory(settings.seed);
  const stores = createStores(settings, ids);
  const abort = new AbortController();
  const { faultBudgets: _, ...behaviourStores } = stores;
  const replay =
    settings.replay === undefined
      ? undefined
      : await loadReplay({ dir: settings.replay, speed: settings.replaySpeed, strict: settings.replayStrict });
  const scope: RequestScope = {
    replay,
    engine: await createEngine({ seed: settings.seed }),
    stores,
    signal: abort.signal,
    options: settings,
    state: { ids, ...behaviourStores, streamDelayMs: settings.streamDelayMs, catalogue },
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
    if (log) res.on("close", () => log(requestLogLine(req, res, performance.now() - started)));
    handleRequest(req, res, scope).catch((error: unknown) => {
      if (abort.signal.aborted) return;
      if (!res.headersSent) sendError(res, 500, `Mock server error: ${(error as Error).message}`);
      else res.destroy();
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
    reset: () => {
      clearStores(stores);
      replay?.reset();
    },
    close: () =>
      new Promise<void>((resolve) => {
        abort.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
