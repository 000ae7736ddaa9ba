import { ChatCompletionAccumulator } from "./accumulate-chat.ts";
import { MessageAccumulator } from "./accumulate-message.ts";
import { ResponseAccumulator } from "./accumulate-response.ts";
import { chatDialect, messageDialect, responseDialect, type StreamDialect } from "./dialects.ts";
import { SSEDecoder } from "./sse-decoder.ts";

/** Builds the final result from the events seen so far. */
export interface Accumulator<Event, Final> {
  add(event: Event): void;
  snapshot(): Final | undefined;
}

/**
 * Everything that turns one stream's bytes into typed events and a final result: its SSE decoder (bounding each event
 * to `maxEventBytes`), its dialect and its accumulator. Loaded on first use, so apps that never stream do not carry it.
 */
export interface StreamKit<Event, Final> {
  decoder: SSEDecoder;
  dialect: StreamDialect<Event>;
  accumulator: Accumulator<Event, Final>;
}

function kit<Event, Final>(
  dialect: StreamDialect<Event>,
  accumulator: Accumulator<Event, Final>,
  maxEventBytes: number,
): StreamKit<Event, Final> {
  return { decoder: new SSEDecoder(maxEventBytes), dialect, accumulator };
}

export const chatKit = (maxEventBytes: number) => kit(chatDialect, new ChatCompletionAccumulator(), maxEventBytes);
export const responseKit = (maxEventBytes: number) => kit(responseDialect, new ResponseAccumulator(), maxEventBytes);
export const messageKit = (maxEventBytes: number) => kit(messageDialect, new MessageAccumulator(), maxEventBytes);
