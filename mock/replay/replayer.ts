/**
 * `--replay <dir>`: the recorded answer for a request whose match key (`cassettes/match.ts`) a cassette has, served as
 * recorded — status, status text, headers (hop-by-hop ones and redacted credentials left out, the length of the body
 * as served), body bytes or SSE frames — at the recorded pace scaled by `speed` (0: no waiting). The same request
 * recorded several times is answered in sequence, the last recording again once they are used up; `reset()` starts
 * the sequences over. A request no cassette matches is left to the mock, or refused with a 404 when `strict`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type CassetteResponse, type HeaderPairs, payloadBytes } from "../cassettes/format.ts";
import { matchKey, requestPayload } from "../cassettes/match.ts";
import { redactRequest } from "../cassettes/redact.ts";
import { type CassetteProblem, type LoadedCassette, loadCassettes } from "../cassettes/store.ts";
import type { ReceivedBody } from "../http/body.ts";
import { sendError } from "../http/errors.ts";
import { credentialTokens, REDACTED } from "../journal/redact.ts";
import { deadline, waitUntil } from "./pace.ts";

export interface ReplayOptions {
  /** Directory of cassettes (read recursively). */
  dir: string;
  /** 1 = the recorded pace, 2 = twice as fast, 0.5 = half as fast, 0 = no waiting. */
  speed: number;
  /** Refuse a request no cassette matches (404) instead of letting the mock answer it. */
  strict: boolean;
}

export interface ReplaySummary {
  /** Cassettes loaded and served. */
  cassettes: number;
  /** Files that could not be served, each named with what is wrong. */
  problems: CassetteProblem[];
}

export interface Replay extends ReplaySummary {
  /** Answers the request from a cassette (or refuses it, when strict); false to let the mock answer it. */
  serve(req: IncomingMessage, res: ServerResponse, received: ReceivedBody, signal: AbortSignal): Promise<boolean>;
  /** Start every sequence over. */
  reset(): void;
}

/** A recorded answer, its bytes ready so that serving it does nothing but wait and write. */
interface Playback {
  status: number;
  statusText: string | undefined;
  headers: string[];
  headersMs: number;
  endMs: number;
  body?: Buffer;
  frames?: { ms: number; bytes: Buffer }[];
}

const HOP_BY_HOP = /^(connection|keep-alive|proxy-.*|te|trailer|transfer-encoding|upgrade)$/i;

function replayedHeaders(headers: HeaderPairs, body: Buffer | undefined): string[] {
  const kept = headers.filter(
    ([name, value]) =>
      !HOP_BY_HOP.test(name) &&
      !value.endsWith(REDACTED) &&
      // Redaction may have changed the body's length: the length sent is that of the body served.
      !(body && name.toLowerCase() === "content-length"),
  );
  if (body) kept.push(["content-length", String(body.length)]);
  return kept.flat();
}

function playback(response: CassetteResponse): Playback {
  const body = response.body && payloadBytes(response.body);
  return {
    status: response.status,
    statusText: response.statusText || undefined,
    headers: replayedHeaders(response.headers, body),
    headersMs: response.headersMs,
    endMs: response.endMs,
    ...(body && { body }),
    ...(response.frames && { frames: response.frames.map((frame) => ({ ms: frame.ms, bytes: payloadBytes(frame) })) }),
  };
}

async function play(res: ServerResponse, recorded: Playback, speed: number, signal: AbortSignal): Promise<void> {
  const start = performance.now();
  const clientGone = new AbortController();
  res.once("close", () => clientGone.abort());
  const stop = AbortSignal.any([signal, clientGone.signal]);
  try {
    await waitUntil(deadline(start, recorded.headersMs, speed), stop);
    res.writeHead(recorded.status, recorded.statusText, recorded.headers);
    if (recorded.frames) {
      res.flushHeaders();
      for (const frame of recorded.frames) {
        await waitUntil(deadline(start, frame.ms, speed), stop);
        res.write(frame.bytes);
      }
    }
    await waitUntil(deadline(start, recorded.endMs, speed), stop);
    res.end(recorded.body);
  } catch (error) {
    if (!stop.aborted) throw error;
    res.destroy();
  }
}

/** Orders each request's recordings by sequence; a second file for the same request and sequence is a problem. */
function index(cassettes: LoadedCassette[], problems: CassetteProblem[]): Map<string, Playback[]> {
  const byKey = new Map<string, LoadedCassette[]>();
  for (const loaded of cassettes) {
    const same = byKey.get(loaded.key) ?? [];
    const twin = same.find((other) => other.cassette.sequence === loaded.cassette.sequence);
    if (twin) {
      problems.push({
        file: loaded.file,
        message: `records the same request as ${twin.file}, with the same sequence (${twin.cassette.sequence}); ${twin.file} is served`,
      });
      continue;
    }
    byKey.set(loaded.key, [...same, loaded]);
  }
  const playbacks = new Map<string, Playback[]>();
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.cassette.sequence - b.cassette.sequence);
    playbacks.set(
      key,
      list.map(({ cassette }) => playback(cassette.response)),
    );
  }
  return playbacks;
}

export async function loadReplay(options: ReplayOptions): Promise<Replay> {
  const loaded = await loadCassettes(options.dir).catch((error: Error) => {
    throw new Error(`replay: ${error.message}`);
  });
  const problems = [...loaded.problems];
  const recordings = index(loaded.cassettes, problems);
  const served = new Map<string, number>();

  return {
    cassettes: loaded.cassettes.length - (problems.length - loaded.problems.length),
    problems,
    reset: () => served.clear(),
    async serve(req, res, received, signal) {
      const method = req.method ?? "GET";
      const url = req.url ?? "/";
      const body = requestPayload(received, req.headers["content-type"]);
      const key = matchKey(redactRequest({ method, url, ...(body && { body }) }, credentialTokens(req.headers)));
      const recorded = recordings.get(key);
      if (!recorded) {
        if (!options.strict) return false;
        const path = url.split("?")[0];
        sendError(res, 404, `No cassette matches ${method} ${path} (match key ${key.slice(0, 12)}).`);
        return true;
      }
      const turn = served.get(key) ?? 0;
      served.set(key, turn + 1);
      await play(res, recorded[Math.min(turn, recorded.length - 1)]!, options.speed, signal);
      return true;
    },
  };
}
