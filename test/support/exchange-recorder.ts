/**
 * A `fetch` for the typed client that records every HTTP exchange (method, URL, status, media type, a copy of the
 * body) so contract tests can validate what actually went over the wire against the effective spec — JSON bodies
 * against the declared response schema, each Server-Sent Event against the declared stream schema — independently
 * of what the client made of it. SSE is decoded with eventsource-parser, not the client's own decoder.
 */
import { createParser } from "eventsource-parser";
import { matchPathTemplate, type ValidationResult, validateResponseBody } from "./spec-validator.ts";

export interface Exchange {
  readonly method: string;
  readonly url: URL;
  /** The spec's path template the URL matched (undefined when none did). */
  readonly template: string | undefined;
  readonly status: number;
  readonly mediaType: string | undefined;
  /** The whole response body, read from a clone while the client reads the original. */
  readonly body: Promise<Uint8Array>;
}

export interface ExchangeCheck {
  readonly exchange: Exchange;
  /** What was validated: "body", or "event 3 (response.output_text.delta)" for streams. */
  readonly parts: number;
  readonly errors: string[];
}

export class ExchangeRecorder {
  readonly exchanges: Exchange[] = [];

  /** Pass as `createXai({ fetch })`. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    const url = new URL(request.url);
    this.exchanges.push({
      method: request.method.toLowerCase(),
      url,
      template: matchPathTemplate(url.pathname),
      status: response.status,
      mediaType: response.headers.get("content-type")?.split(";")[0]?.trim() || undefined,
      body: readAll(response.clone()),
    });
    return response;
  };

  /** Exchanges since `mark` (an index from `this.exchanges.length`). */
  since(mark: number): Exchange[] {
    return this.exchanges.slice(mark);
  }
}

async function readAll(response: Response): Promise<Uint8Array> {
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    // The client aborted the original (e.g. `break` out of a stream); the copy ends where the connection did.
    return new Uint8Array();
  }
}

/** Server-Sent Events of a stream body, as parsed JSON (the chat terminator `[DONE]` is skipped). */
export function sseEvents(text: string): { event: string | undefined; data: unknown }[] {
  const events: { event: string | undefined; data: unknown }[] = [];
  const parser = createParser({
    onEvent: ({ event, data }) => {
      if (data !== "[DONE]") events.push({ event, data: JSON.parse(data) });
    },
  });
  parser.feed(text);
  return events;
}

/** Validates one recorded exchange against the effective spec. */
export async function checkExchange(exchange: Exchange): Promise<ExchangeCheck> {
  const bytes = await exchange.body;
  const { method, url, status, mediaType } = exchange;
  const validate = (body: unknown): ValidationResult =>
    validateResponseBody(method, url.pathname, status, mediaType, body);
  if (bytes.length === 0) return { exchange, parts: 1, errors: validate(undefined).errors };
  const text = new TextDecoder().decode(bytes);
  if (mediaType === "text/event-stream") {
    const events = sseEvents(text);
    const errors = events.flatMap(({ event, data }, index) =>
      validate(data).errors.map((error) => `event ${index + 1}${event ? ` (${event})` : ""}: ${error}`),
    );
    if (events.length === 0) errors.push("stream carried no events");
    return { exchange, parts: events.length, errors };
  }
  if (mediaType?.includes("json")) return { exchange, parts: 1, errors: validate(JSON.parse(text)).errors };
  // Binary and text bodies: the media type must be declared; the schema (string/binary) says nothing more.
  return { exchange, parts: 1, errors: validate(text).errors };
}
