/**
 * Server-sent events as data, shared by the node:http writer and the msw handlers: the event type, how text is cut
 * into deltas, the wire format, and the pause before each event when a stream is paced.
 */

export interface SseEvent {
  /** The `event:` line; omitted for OpenAI-style chat chunks. */
  event?: string;
  /** Serialised as JSON, except the literal chat terminator `[DONE]`. */
  data: unknown;
  /** How many tokens the event carries (text and argument deltas); paced streams wait for them. */
  tokens?: number;
}

/** How a streamed answer arrives: tokens per delta, the wait before the first token, the rate after it. */
export interface StreamPace {
  /** Tokens per delta event. Default 1. */
  chunkSize?: number;
  /** Wait before the first event that carries a token, ms. */
  firstTokenMs?: number;
  /** Rate of the later token events: each waits its tokens / tokensPerSecond. */
  tokensPerSecond?: number;
}

/** Split text into tokens that keep their leading whitespace, so joining the deltas gives back the text. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? (text ? [text] : []);
}

/** The text as deltas of `size` tokens each (the last may be shorter); joining them gives back the text. */
export function deltas(text: string, size = 1): string[] {
  const tokens = tokenize(text);
  if (size <= 1) return tokens;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += size) out.push(tokens.slice(i, i + size).join(""));
  return out;
}

export function formatSseEvent({ event, data }: SseEvent): string {
  const payload = data === "[DONE]" ? "[DONE]" : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ""}data: ${payload}\n\n`;
}

/**
 * The pause before each event, ms. Unpaced: `delayMs` between events. Paced: nothing before the first token event,
 * which waits `firstTokenMs`; every later token event waits for its tokens at `tokensPerSecond`; events without
 * tokens (starts, stops, usage) follow at once.
 */
export function eventDelays(events: readonly SseEvent[], delayMs: number, pace?: StreamPace): number[] {
  if (!pace || (pace.firstTokenMs === undefined && pace.tokensPerSecond === undefined)) {
    return events.map((_, index) => (index > 0 ? delayMs : 0));
  }
  let seenToken = false;
  return events.map((event) => {
    if (!event.tokens) return 0;
    if (!seenToken) {
      seenToken = true;
      if (pace.firstTokenMs !== undefined) return pace.firstTokenMs;
    }
    return pace.tokensPerSecond ? (event.tokens / pace.tokensPerSecond) * 1000 : 0;
  });
}
