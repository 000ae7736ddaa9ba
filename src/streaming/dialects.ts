import type { components } from "../../generated/openapi.ts";
import { statusOfErrorBody } from "../core/error-body.ts";
import type { Redact } from "../core/redact.ts";
import { type APIError, makeAPIError, StreamParseError } from "../index.ts";
import type { ServerSentEvent } from "./sse-decoder.ts";

type Schemas = components["schemas"];

/** What decoding an event needs from its stream: the response headers and the client's redactor, for errors. */
export interface DecodeContext {
  readonly headers: Headers;
  readonly redact: Redact;
}

/** How one API family frames its stream: which events exist, which one ends it, how errors arrive. */
export interface StreamDialect<Event> {
  /** The terminal marker, as named in truncation errors. */
  readonly terminal: string;
  /**
   * The typed event for one SSE event, or undefined for a marker that ends the stream without being an event
   * (`data: [DONE]`); throws the matching APIError for an error event.
   */
  decode(sse: ServerSentEvent, context: DecodeContext): Event | undefined;
  /** True for the last event of a complete stream. */
  isTerminal(event: Event): boolean;
}

/**
 * The APIError subclass for an error delivered inside a stream, the same class the same failure gets as an HTTP
 * status: by the payload's numeric `status`/`code`, else its `type`/`code` string; unrecognised kinds stay a plain
 * `APIError` without status.
 */
function streamedError(payload: unknown, { headers, redact }: DecodeContext): APIError {
  return makeAPIError(statusOfErrorBody(payload), payload, headers, "", redact);
}

/**
 * The event's JSON object, or the error it carries: any `event: error` (whose data may be plain text), a bare JSON
 * string (xAI sends some errors that way), or an object `isError` recognises.
 */
function payloadOf(
  sse: ServerSentEvent,
  context: DecodeContext,
  isError: (payload: Record<string, unknown>) => boolean,
): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(sse.data);
  } catch {
    if (sse.event === "error") throw streamedError(sse.data, context);
    throw new StreamParseError(sse, `its data (${sse.data.length} characters) is not valid JSON`, context.redact);
  }
  if (sse.event === "error" || typeof payload === "string") throw streamedError(payload, context);
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    const kind = payload === null ? "null" : Array.isArray(payload) ? "an array" : `a ${typeof payload}`;
    throw new StreamParseError(sse, `expected a JSON object, got ${kind}`, context.redact);
  }
  const object = payload as Record<string, unknown>;
  if (isError(object)) throw streamedError(object, context);
  return object;
}

/** OpenAI-style chat completions: `data: {chunk}` … `data: [DONE]`; errors as `{"error": …}` payloads. */
export const chatDialect: StreamDialect<Schemas["ChatResponseChunk"]> = {
  terminal: "data: [DONE]",
  decode(sse, context) {
    if (sse.data === "[DONE]") return undefined;
    return payloadOf(
      sse,
      context,
      (payload) => "error" in payload && !("choices" in payload),
    ) as Schemas["ChatResponseChunk"];
  },
  isTerminal: () => false,
};

const isErrorType = (payload: Record<string, unknown>) => payload.type === "error";
const RESPONSE_TERMINAL = new Set(["response.completed", "response.failed", "response.incomplete"]);

/** Responses API: typed `response.*` events ending with completed, failed or incomplete; `error` events throw. */
export const responseDialect: StreamDialect<Schemas["ResponseStreamEvent"]> = {
  terminal: "response.completed, response.failed or response.incomplete",
  decode: (sse, context) => payloadOf(sse, context, isErrorType) as Schemas["ResponseStreamEvent"],
  isTerminal: (event) => RESPONSE_TERMINAL.has(event.type),
};

/** Anthropic-style messages: `message_start` … `message_stop`; `error` events throw. */
export const messageDialect: StreamDialect<Schemas["MessageStreamEvent"]> = {
  terminal: "message_stop",
  decode: (sse, context) => payloadOf(sse, context, isErrorType) as Schemas["MessageStreamEvent"],
  isTerminal: (event) => event.type === "message_stop",
};
