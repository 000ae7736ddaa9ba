/** Server-sent events: the wire writer shared by the three streaming API families. */
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { eventDelays, formatSseEvent, type SseEvent, type StreamPace } from "./format.ts";

export type { SseEvent } from "./format.ts";

export interface SseOptions {
  /** Pause between events, in milliseconds (unless `pace` sets the rhythm). */
  delayMs: number;
  /** A fixture's streaming pace: time to first token, tokens per second. */
  pace?: StreamPace;
  /** Drop the connection after this many events (fault injection). */
  disconnectAfterEvents?: number;
  headers?: Record<string, string>;
  /** Aborted when the server closes; the stream then stops without waiting out its delay. */
  signal: AbortSignal;
}

/**
 * Drop the connection mid-stream: what was written still reaches the client (a reset would make its kernel discard
 * what the client had not read yet), but the response never ends cleanly — no terminal chunk, so the client sees a
 * broken stream after exactly the events sent.
 */
function dropAfterFlush(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end(() => socket.destroy());
}

/** Write `events` as a 200 text/event-stream response; stops early when the client goes away. */
export async function writeSse(res: ServerResponse, events: readonly SseEvent[], options: SseOptions): Promise<void> {
  res.writeHead(200, {
    ...options.headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.flushHeaders();
  const gone = new AbortController();
  const clientGone = gone.signal;
  res.once("close", () => gone.abort());
  const delays = eventDelays(events, options.delayMs, options.pace);
  for (const [index, event] of events.entries()) {
    if (res.destroyed) return;
    if (options.disconnectAfterEvents !== undefined && index >= options.disconnectAfterEvents) {
      dropAfterFlush(res);
      return;
    }
    if (delays[index]! > 0) {
      try {
        await sleep(delays[index], undefined, { signal: AbortSignal.any([options.signal, clientGone]) });
      } catch {
        return;
      }
    }
    res.write(formatSseEvent(event));
  }
  res.end();
}
