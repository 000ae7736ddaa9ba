/**
 * `xai-mock record`: a proxy on loopback that relays every request to the upstream (api.x.ai by default) and its
 * answer back as it arrives, validates both directions against the effective spec (violations are reported, traffic
 * still passes), and writes each exchange as a cassette — redacted, scanned for secrets, atomically.
 */
import { mkdir } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  CASSETTE_FORMAT,
  CASSETTE_VERSION,
  type CassetteResponse,
  isEventStream,
  payloadOf,
  type RequestPayload,
} from "../cassettes/format.ts";
import { timedFrames } from "../cassettes/frames.ts";
import { matchKey, requestPayload } from "../cassettes/match.ts";
import { redactCassette, redactRequest } from "../cassettes/redact.ts";
import { loadCassettes, SecretLeftError, writeCassette } from "../cassettes/store.ts";
import { createExchangeValidator, type ExchangeValidator, type Finding } from "../cassettes/validate.ts";
import { uploadPartFor } from "../contract/upload-parts.ts";
import { BodyTooLargeError, readBody, receiveBody } from "../http/body.ts";
import { sendError } from "../http/errors.ts";
import { isMultipart } from "../http/multipart.ts";
import { credentialTokens } from "../journal/redact.ts";
import { DEFAULTS } from "../options.ts";
import { endToEndHeaders, relay, UpstreamUnreachableError } from "./relay.ts";

export const DEFAULT_UPSTREAM = "https://api.x.ai";

export interface RecorderOptions {
  /** Directory the cassettes are written to (created if missing). */
  cassettes: string;
  /** Origin to relay to. Default https://api.x.ai. */
  upstream?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /**
   * Secrets to redact besides each request's own credentials (the CLI passes `XAI_API_KEY` when it is set).
   */
  secrets?: readonly string[];
  /** Receives what happened to each exchange, violations and refusals included; never a secret. */
  report?: (line: string) => void;
  /** No byte from the upstream for this long fails the exchange (502 before an answer, a cut one after). */
  upstreamIdleTimeoutMs?: number;
  /** Answers larger than this are passed on but not recorded. Default 64 MiB. */
  maxRecordedBytes?: number;
}

export interface Recorder {
  url: string;
  port: number;
  /** Resolves once every exchange so far has been written (or refused, or found unrecordable) and reported. */
  settled(): Promise<void>;
  /** Stops listening, cuts exchanges in flight (they are not recorded) and waits for pending writes. */
  close(): Promise<void>;
}

/** The upstream as a URL, refusing what cannot be one and anything but http(s). */
export function upstreamUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--upstream must be an http(s) URL, got '${value}'`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`--upstream must be an http(s) URL, got '${value}'`);
  }
  return url;
}

function pathOf(url: string): string {
  return url.split("?")[0]!;
}

function describeAnswer(response: CassetteResponse): string {
  const parts = response.frames ? `${response.frames.length} frames` : response.body ? "body" : "no body";
  return `${parts} in ${Math.round(response.endMs)} ms`;
}

/** The request body as received, parsed as the mock parses it where it can be (kept as bytes where not). */
async function readRequest(req: IncomingMessage): Promise<{ raw: Buffer; body: RequestPayload | undefined }> {
  const filePart = uploadPartFor(pathOf(req.url ?? "/"));
  const contentType = req.headers["content-type"];
  const limits = { maxBodyBytes: DEFAULTS.maxBodyBytes, maxFileBytes: DEFAULTS.maxFileBytes };
  // Both read the same stream: one keeps the bytes to relay, the other parses them (an upload as it streams).
  const limit = isMultipart(contentType) ? limits.maxFileBytes + 1024 * 1024 : limits.maxBodyBytes;
  const [raw, parsed] = await Promise.allSettled([readBody(req, limit), receiveBody(req, limits, filePart)]);
  if (raw.status === "rejected") throw raw.reason;
  if (parsed.status === "fulfilled") return { raw: raw.value, body: requestPayload(parsed.value, contentType) };
  return { raw: raw.value, body: raw.value.length > 0 ? payloadOf(raw.value, contentType) : undefined };
}

export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const upstream = upstreamUrl(options.upstream ?? DEFAULT_UPSTREAM);
  const report = options.report ?? (() => {});
  const extraSecrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
  const idleTimeoutMs = options.upstreamIdleTimeoutMs ?? DEFAULTS.idleTimeoutMs;
  const maxRecordedBytes = options.maxRecordedBytes ?? 64 * 1024 * 1024;
  await mkdir(options.cassettes, { recursive: true });
  const existing = await loadCassettes(options.cassettes);
  for (const problem of existing.problems) report(`warning: ${problem.file}: ${problem.message}`);
  // Sequences continue after what the directory already holds, so recording again adds rather than overwrites.
  const sequences = new Map<string, number>();
  for (const { key, cassette } of existing.cassettes) {
    sequences.set(key, Math.max(sequences.get(key) ?? 0, cassette.sequence + 1));
  }
  const validator: ExchangeValidator = await createExchangeValidator();
  const writes = new Set<Promise<void>>();

  const reportFindings = (findings: Finding[]) => {
    for (const { pointer, message } of findings) report(`    ✗ ${pointer}: ${message}`);
  };

  async function record(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const secrets = [...credentialTokens(req.headers), ...extraSecrets];
    const method = req.method ?? "GET";
    let received: Awaited<ReturnType<typeof readRequest>>;
    try {
      received = await readRequest(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendError(res, 413, `${error.message}; not relayed.`);
      else req.destroy();
      return;
    }
    const headers = endToEndHeaders(req.rawHeaders);
    const request = { method, url: req.url ?? "/", headers, ...(received.body && { body: received.body }) };
    // The sequence is taken when the request arrives, so identical requests in flight together keep their order.
    const key = matchKey(redactRequest(request, secrets));
    const sequence = sequences.get(key) ?? 0;
    sequences.set(key, sequence + 1);

    let response: Awaited<ReturnType<typeof relay>>;
    try {
      response = await relay({ upstream, ...request, body: received.raw, res, idleTimeoutMs, maxRecordedBytes });
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof UpstreamUnreachableError) sendError(res, 502, `Upstream ${upstream.origin}: ${message}`);
      report(`${method} ${pathOf(request.url)} ✗ not recorded: ${message}`);
      return;
    }
    const { chunks, tooLarge, ...answer } = response;
    const contentType = answer.headers.find(([name]) => name.toLowerCase() === "content-type")?.[1];
    const body = Buffer.concat(chunks.map((chunk) => chunk.bytes));
    const recorded: CassetteResponse = isEventStream(contentType)
      ? { ...answer, frames: timedFrames(chunks) }
      : { ...answer, ...(body.length > 0 && { body: payloadOf(body, contentType) }) };
    const cassette = redactCassette(
      {
        format: CASSETTE_FORMAT,
        version: CASSETTE_VERSION,
        recordedAt: new Date().toISOString(),
        upstream: upstream.origin,
        sequence,
        request,
        response: recorded,
      },
      secrets,
    );
    const line = `${method} ${pathOf(cassette.request.url)} → ${answer.status} · ${describeAnswer(recorded)}`;
    if (tooLarge) {
      report(`${line} ✗ not recorded: the answer is larger than ${maxRecordedBytes} bytes`);
      return;
    }
    const requestFindings = await validator.request(cassette.request);
    const responseFindings = validator.response(cassette.request, cassette.response);
    try {
      const file = await writeCassette(options.cassettes, cassette, secrets);
      report(`${line} · ${file}`);
    } catch (error) {
      report(
        `${line} ✗ ${error instanceof SecretLeftError ? error.message : `not written: ${(error as Error).message}`}`,
      );
    }
    if (requestFindings.length > 0) report(`  request violates the spec:`);
    reportFindings(requestFindings);
    if (responseFindings.length > 0) report(`  response violates the spec:`);
    reportFindings(responseFindings);
  }

  const server = createServer(
    { headersTimeout: DEFAULTS.headersTimeoutMs, requestTimeout: DEFAULTS.requestTimeoutMs },
    (req, res) => {
      const done = record(req, res).catch((error: unknown) => {
        report(`${req.method} ${pathOf(req.url ?? "/")} ✗ recorder error: ${(error as Error).message}`);
        if (!res.headersSent) sendError(res, 500, "Recorder error.");
        else res.destroy();
      });
      writes.add(done);
      void done.finally(() => writes.delete(done));
    },
  );
  server.on("clientError", (_error: Error, socket: Socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULTS.port, options.host ?? DEFAULTS.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    port,
    async settled() {
      await Promise.allSettled([...writes]);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.allSettled([...writes]);
    },
  };
}
