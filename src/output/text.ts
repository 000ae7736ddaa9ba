import type { Schema } from "../core/types.ts";
import { isOutputMessage, isReasoning } from "./items.ts";

/** The final result of a chat completion, a Responses API call or a Messages API call. */
export type ModelResult = Schema<"ChatResponse"> | Schema<"ModelResponse"> | Schema<"MessageResponse">;

/*
 * Functions rather than properties added to results: the result stays exactly what the API sent (what `JSON.stringify`
 * shows is what arrived), and one function reads all three APIs' shapes.
 */

/**
 * The answer's text: the first choice's `content` (chat), every `output_text` part of the output messages in order
 * (Responses API, as openai-node's `output_text`), or every text block (Messages API). "" when there is none.
 */
export function outputText(result: ModelResult): string {
  if ("choices" in result) return result.choices[0]?.message.content ?? "";
  if ("output" in result) {
    let text = "";
    for (const item of result.output) {
      if (!isOutputMessage(item)) continue;
      for (const part of item.content) if (part.type === "output_text") text += part.text;
    }
    return text;
  }
  let text = "";
  for (const block of result.content) if (block.type === "text") text += block.text;
  return text;
}

/**
 * The model's reasoning as text: `reasoning_content` of the first choice (chat; grok-3-mini returns it, grok-4 does
 * not), the reasoning items' `content` texts or else their `summary` texts (Responses API), the thinking blocks
 * (Messages API). "" when the model returned none.
 */
export function reasoningText(result: ModelResult): string {
  if ("choices" in result) return result.choices[0]?.message.reasoning_content ?? "";
  let text = "";
  if ("output" in result) {
    for (const item of result.output) {
      if (!isReasoning(item)) continue;
      const parts = item.content?.length ? item.content : item.summary;
      for (const part of parts) text += part.text;
    }
    return text;
  }
  for (const block of result.content) if (block.type === "thinking") text += block.thinking;
  return text;
}
