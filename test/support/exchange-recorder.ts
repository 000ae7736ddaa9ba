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
  /** The response body as it reached the client. */
  readonly body: Promise<Uint8Array>;
}

export interface ExchangeCheck {
  readonly exchange: Exchange;
  /** Values validated: 1 for a body, one per event for a stream. */
  readonly parts: number;
  readonly errors: string[];
}

export class ExchangeRecorder {
  readonly exchanges: Exchange[] = [];

  /** Pass as `createXai({ fetch })`. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    const url = new URL(request.url);
    const { body, passOn } = tap(response);
    this.exchanges.push({
      method: request.method.toLowerCase(),
      url,
      template: matchPathTemplate(url.pathname),
      status: response.status,
      mediaType: response.headers.get("content-type")?.split(";")[0]?.trim() || undefined,
      body,
    });
    return passOn;
  };

  /** Exchanges since `mark` (an index from `this.exchanges.length`). */
  since(mark: number): Exchange[] {
    return this.exchanges.slice(mark);
  }
}

/**
 * Copies the body as it flows to the client. (`response.clone()` is not enough: a client that aborts the request
 * once a stream's terminal event arrived also errors the clone, losing what it had not read yet.) The copy is
 * read eagerly, so the recording completes even if the client never reads the body.
 */
function tap(response: Response): { body: Promise<Uint8Array>; passOn: Response } {
  if (!response.body) return { body: Promise.resolve(new Uint8Array()), passOn: response };
  const chunks: Uint8Array[] = [];
  const copy = new TransformStream<Uint8Array, Uint8Array>(
    {
      transform(chunk, controller) {
        chunks.push(chunk);
        controller.enqueue(chunk);
      },
    },
    undefined,
    { highWaterMark: Number.POSITIVE_INFINITY },
  );
  const body = response.body.pipeTo(copy.writable).then(
    () => Buffer.concat(chunks),
    () => Buffer.concat(chunks), // cut or cancelled: what arrived is what the client saw
  );
  const passOn = new Response(copy.readable, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  return { body, passOn };
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
