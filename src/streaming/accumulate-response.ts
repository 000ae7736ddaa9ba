import type { components } from "../../generated/openapi.ts";
import { createdBefore } from "./event-order.ts";

type ModelResponse = components["schemas"]["ModelResponse"];
type ResponseStreamEvent = components["schemas"]["ResponseStreamEvent"];

/**
 * Folds `response.*` events into a `ModelResponse`. Lifecycle events carry the whole response and replace the
 * snapshot (the terminal one is authoritative); between them, output items, content parts, text deltas and
 * function-call argument deltas are applied so the snapshot is usable mid-stream.
 */
export class ResponseAccumulator {
  #response: ModelResponse | undefined;

  add(event: ResponseStreamEvent): void {
    switch (event.type) {
      case "response.created":
      case "response.in_progress":
      case "response.completed":
      case "response.failed":
      case "response.incomplete":
        this.#response = mergeTerminal(this.#response, event.response);
        return;
      case "response.output_item.added":
      case "response.output_item.done":
        this.#require(event.type).output[event.output_index] = structuredClone(event.item);
        return;
      case "response.content_part.added":
      case "response.content_part.done": {
        const item = this.#item(event.type, event.output_index);
        if ("content" in item && Array.isArray(item.content)) item.content[event.content_index] = { ...event.part };
        return;
      }
      case "response.output_text.delta": {
        const part = this.#textPart(event.type, event.output_index, event.content_index);
        if (part) part.text += event.delta;
        return;
      }
      case "response.output_text.done": {
        const part = this.#textPart(event.type, event.output_index, event.content_index);
        if (part) part.text = event.text;
        return;
      }
      case "response.function_call_arguments.delta": {
        const item = this.#item(event.type, event.output_index);
        if ("arguments" in item) item.arguments += event.delta;
        return;
      }
      case "response.function_call_arguments.done": {
        const item = this.#item(event.type, event.output_index);
        if ("arguments" in item) item.arguments = event.arguments;
        return;
      }
      default:
        return;
    }
  }

  /** The response so far; final after the terminal event. `undefined` before `response.created`. */
  snapshot(): ModelResponse | undefined {
    return this.#response;
  }

  #require(eventType: string): ModelResponse {
    return createdBefore(this.#response, eventType, "response.created");
  }

  #item(eventType: string, outputIndex: number): components["schemas"]["ModelOutput"] {
    const item = this.#require(eventType).output[outputIndex];
    return createdBefore(item, eventType, `response.output_item.added for output item ${outputIndex}`);
  }

  #textPart(eventType: string, outputIndex: number, contentIndex: number): { text: string } | undefined {
    const item = this.#item(eventType, outputIndex);
    if (!("content" in item) || !Array.isArray(item.content)) return undefined;
    const part = item.content[contentIndex];
    if (part && "text" in part && typeof part.text === "string") return part as { text: string };
    item.content[contentIndex] = { type: "output_text", text: "", annotations: [] };
    return item.content[contentIndex] as { text: string };
  }
}

/** Servers may send lifecycle events with `output` left empty; keep what the deltas built in that case. */
function mergeTerminal(current: ModelResponse | undefined, next: ModelResponse): ModelResponse {
  const response = structuredClone(next);
  if (current && response.output.length === 0 && current.output.length > 0) response.output = current.output;
  return response;
}
