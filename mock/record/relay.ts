/**
 * One request relayed to the upstream and its answer streamed back to the client as it arrives, while the bytes are
 * kept with their arrival times. `node:http(s)` rather than fetch: fetch would decompress and re-chunk what it
 * hands over, and the cassette keeps the bytes as received (the upstream is asked for `accept-encoding: identity`).
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { HeaderPairs } from "../cassettes/format.ts";
import type { TimedChunk } from "../cassettes/frames.ts";

/** Hop-by-hop headers (RFC 9110 §7.6.1), and `host`, which the relay sets itself: never relayed nor recorded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Node's `rawHeaders` as `[name, value]` pairs, without hop-by-hop headers (those `Connection` names included). */
export function endToEndHeaders(rawHeaders: readonly string[]): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  const named = pairs
    .filter(([name]) => name.toLowerCase() === "connection")
    .flatMap(([, value]) => value.split(",").map((token) => token.trim().toLowerCase()));
  return pairs.filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()) && !named.includes(name.toLowerCase()));
}

export interface RelayedResponse {
  status: number;
  statusText: string;
  headers: HeaderPairs;
  headersMs: number;
  endMs: number;
  chunks: TimedChunk[];
  /** The body grew past `maxRecordedBytes`: it was passed on whole, but not kept. */
  tooLarge: boolean;
}

export interface RelayRequest {
  upstream: URL;
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: HeaderPairs;
  body: Buffer;
  /** Where the answer goes, as it arrives. */
  res: ServerResponse;
  /** No byte from the upstream for this long (connecting included) fails the exchange. */
  idleTimeoutMs: number;
  maxRecordedBytes: number;
}

/** Thrown when the upstream could not be reached or did not answer in time; nothing has been sent to the client. */
export class UpstreamUnreachableError extends Error {}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

function upstreamHeaders(request: RelayRequest): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === "host" || lower === "accept-encoding" || lower === "content-length") continue;
    headers[name] = [...(headers[name] ?? []), value];
  }
  headers["accept-encoding"] = ["identity"];
  if (request.body.length > 0 || !["GET", "HEAD", "DELETE", "OPTIONS"].includes(request.method)) {
    headers["content-length"] = [String(request.body.length)];
  }
  return headers;
}

/**
 * Relay the request; resolves once the whole answer has been passed on. Rejects with UpstreamUnreachableError
 * before any answer, or with another error when the exchange broke off midway (the client's response is then
 * destroyed, as the upstream's was) or the client went away.
 */
export function relay(request: RelayRequest): Promise<RelayedResponse> {
  const { upstream, res } = request;
  const target = new URL(`${upstream.pathname.replace(/\/$/, "")}${request.url}`, upstream);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = send(target, { method: request.method, headers: upstreamHeaders(request) });
    const started = performance.now();
    outgoing.setTimeout(request.idleTimeoutMs, () =>
      outgoing.destroy(new Error(`no data from the upstream for ${request.idleTimeoutMs} ms`)),
    );
    outgoing.on("error", (error) => {
      if (!answered) reject(new UpstreamUnreachableError(error.message));
      else {
        res.destroy();
        reject(error);
      }
    });
    res.on("close", () => {
      if (!res.writableFinished) {
        outgoing.destroy();
        reject(new Error("the client went away before the answer was complete"));
      }
    });
    outgoing.on("response", (incoming: IncomingMessage) => {
      answered = true;
      const relayed: RelayedResponse = {
        status: incoming.statusCode ?? 502,
        statusText: incoming.statusMessage ?? "",
        headers: endToEndHeaders(incoming.rawHeaders),
        headersMs: elapsed(started),
        endMs: 0,
        chunks: [],
        tooLarge: false,
      };
      res.writeHead(relayed.status, relayed.statusText, relayed.headers.flat());
      res.flushHeaders();
      let kept = 0;
      incoming.on("data", (bytes: Buffer) => {
        kept += bytes.length;
        if (kept > request.maxRecordedBytes) {
          relayed.tooLarge = true;
          relayed.chunks = [];
        } else relayed.chunks.push({ ms: elapsed(started), bytes });
        if (!res.write(bytes)) {
          incoming.pause();
          res.once("drain", () => incoming.resume());
        }
      });
      incoming.on("end", () => {
        relayed.endMs = elapsed(started);
        res.end(() => resolve(relayed));
      });
      incoming.on("error", () => {}); // a cut answer is reported once, on close
      incoming.on("close", () => {
        if (incoming.complete) return;
        res.destroy();
        reject(new Error("the upstream broke off its answer"));
      });
    });
    outgoing.end(request.body);
  });
}
