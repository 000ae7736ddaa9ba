import type { components } from "../../generated/openapi.ts";
import { StreamProtocolError } from "../index.ts";
import { createdBefore } from "./event-order.ts";

type MessageResponse = components["schemas"]["MessageResponse"];
type MessageStreamEvent = components["schemas"]["MessageStreamEvent"];

/**
 * Folds Anthropic-style message events into the `MessageResponse` the unstreamed call returns: text and thinking
 * deltas appended to their block, `input_json_delta` fragments joined and parsed into the tool block's `input` when
 * the block stops, stop reason and cumulative usage from `message_delta`.
 */
export class MessageAccumulator {
  #message: MessageResponse | undefined;
  /** Unparsed tool input JSON per block index, until its `content_block_stop`. */
  readonly #partialJson = new Map<number, string>();

  add(event: MessageStreamEvent): void {
    switch (event.type) {
      case "message_start":
        this.#message = structuredClone(event.message);
        return;
      case "content_block_start":
        this.#require(event.type).content[event.index] = structuredClone(event.content_block);
        return;
      case "content_block_delta":
        this.#applyDelta(event.index, event.delta);
        return;
      case "content_block_stop": {
        const json = this.#partialJson.get(event.index);
        if (json === undefined) return;
        this.#partialJson.delete(event.index);
        const block = this.#require(event.type).content[event.index];
        if (block?.type === "tool_use") block.input = json === "" ? {} : parseToolInput(json, event.index);
        return;
      }
      case "message_delta": {
        const message = this.#require(event.type);
        if (event.delta.stop_reason !== undefined) message.stop_reason = event.delta.stop_reason;
        if (event.delta.stop_sequence !== undefined) message.stop_sequence = event.delta.stop_sequence;
        message.usage.output_tokens = event.usage.output_tokens;
        if (event.usage.input_tokens != null) message.usage.input_tokens = event.usage.input_tokens;
        return;
      }
      default:
        return;
    }
  }

  /** The message so far; complete after `message_stop`. `undefined` before `message_start`. */
  snapshot(): MessageResponse | undefined {
    return this.#message;
  }

  #applyDelta(index: number, delta: components["schemas"]["MessageContentDelta"]): void {
    const block = createdBefore(
      this.#require("content_block_delta").content[index],
      "content_block_delta",
      `content_block_start for block ${index}`,
    );
    if (delta.type === "input_json_delta") {
      this.#partialJson.set(index, (this.#partialJson.get(index) ?? "") + delta.partial_json);
    } else if (delta.type === "text_delta" && block.type === "text") {
      block.text += delta.text;
    } else if (delta.type === "thinking_delta" && block.type === "thinking") {
      block.thinking += delta.thinking;
    } else if (delta.type === "signature_delta" && block.type === "thinking") {
      block.signature = delta.signature;
    }
  }

  #require(eventType: string): MessageResponse {
    return createdBefore(this.#message, eventType, "message_start");
  }
}

function parseToolInput(json: string, index: number): unknown {
  try {
    return JSON.parse(json);
  } catch {
    // JSON.parse's own message quotes the input, which may echo anything the server saw: it is left out.
    throw new StreamProtocolError(
      `tool_use block ${index}: the streamed input (${json.length} characters) is not valid JSON`,
    );
  }
}
