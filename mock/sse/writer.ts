/** Server-sent events: the wire writer shared by the three streaming API families. */
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

export interface SseEvent {
  /** The `event:` line; omitted for OpenAI-style chat chunks. */
  event?: string;
  /** Serialised as JSON, except the literal chat terminator `[DONE]`. */
  data: unknown;
}

export interface SseOptions {
  /** Pause between events, in milliseconds. */
  delayMs: number;
  /** Drop the connection after this many events (fault injection). */
  disconnectAfterEvents?: number;
  headers?: Record<string, string>;
  /** Aborted when the server closes; the stream then stops without waiting out its delay. */
  signal: AbortSignal;
}

/** Split text into tokens that keep their leading whitespace, so joining the deltas gives back the text. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? (text ? [text] : []);
}

export function formatSseEvent({ event, data }: SseEvent): string {
  const payload = data === "[DONE]" ? "[DONE]" : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ""}data: ${payload}\n\n`;
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
  for (const [index, event] of events.entries()) {
    if (res.destroyed) return;
    if (options.disconnectAfterEvents !== undefined && index >= options.disconnectAfterEvents) {
      dropAfterFlush(res);
      return;
    }
    if (index > 0 && options.delayMs > 0) {
      try {
        await sleep(options.delayMs, undefined, { signal: AbortSignal.any([options.signal, clientGone]) });
      } catch {
        return;
      }
    }
    res.write(formatSseEvent(event));
  }
  res.end();
}
