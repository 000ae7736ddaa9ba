import type { components } from "../../generated/openapi.ts";
import { StreamParseError } from "../core/errors.ts";
import type { ServerSentEvent } from "./sse-decoder.ts";
import { streamedAPIError } from "./streamed-errors.ts";

type Schemas = components["schemas"];

/** Returned by `decode` for an end-of-stream marker that is not itself an event (`data: [DONE]`). */
export const STREAM_END: unique symbol = Symbol("stream end");

/** How one API family frames its stream: which events exist, which one ends it, how errors arrive. */
export interface StreamDialect<Event> {
  /** The terminal marker, as named in truncation errors. */
  readonly terminal: string;
  /** The typed event for one SSE event, or STREAM_END; throws the matching APIError for an error event. */
  decode(sse: ServerSentEvent, headers: Headers): Event | typeof STREAM_END;
  /** True for the last event of a complete stream. */
  isTerminal(event: Event): boolean;
}

function parseObject(sse: ServerSentEvent): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(sse.data);
  } catch (error) {
    throw new StreamParseError(sse, error);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new StreamParseError(sse, new TypeError(`expected a JSON object, got ${sse.data.slice(0, 40)}`));
  }
  return value as Record<string, unknown>;
}

/** An `event: error` whose data may not even be JSON: the APIError it describes, with the raw text as body if so. */
function errorEvent(sse: ServerSentEvent, headers: Headers): Error {
  let payload: unknown = sse.data;
  try {
    payload = JSON.parse(sse.data);
  } catch {
    // A plain-text error message is still an error message.
  }
  return streamedAPIError(payload, headers);
}

/** OpenAI-style chat completions: `data: {chunk}` … `data: [DONE]`; errors as `{"error": …}` payloads. */
export const chatDialect: StreamDialect<Schemas["ChatResponseChunk"]> = {
  terminal: "data: [DONE]",
  decode(sse, headers) {
    if (sse.data === "[DONE]") return STREAM_END;
    if (sse.event === "error") throw errorEvent(sse, headers);
    const payload = parseObject(sse);
    if ("error" in payload && !("choices" in payload)) throw streamedAPIError(payload, headers);
    return payload as Schemas["ChatResponseChunk"];
  },
  isTerminal: () => false,
};

const RESPONSE_TERMINAL = new Set(["response.completed", "response.failed", "response.incomplete"]);

/** Responses API: typed `response.*` events ending with completed, failed or incomplete; `error` events throw. */
export const responseDialect: StreamDialect<Schemas["ResponseStreamEvent"]> = {
  terminal: "response.completed, response.failed or response.incomplete",
  decode(sse, headers) {
    if (sse.event === "error") throw errorEvent(sse, headers);
    const payload = parseObject(sse);
    if (payload.type === "error") throw streamedAPIError(payload, headers);
    return payload as Schemas["ResponseStreamEvent"];
  },
  isTerminal: (event) => RESPONSE_TERMINAL.has(event.type),
};

/** Anthropic-style messages: `message_start` … `message_stop`; `error` events throw. */
export const messageDialect: StreamDialect<Schemas["MessageStreamEvent"]> = {
  terminal: "message_stop",
  decode(sse, headers) {
    if (sse.event === "error") throw errorEvent(sse, headers);
    const payload = parseObject(sse);
    if (payload.type === "error") throw streamedAPIError(payload, headers);
    return payload as Schemas["MessageStreamEvent"];
  },
  isTerminal: (event) => event.type === "message_stop",
};
