/**
 * A model answer as an Anthropic-compatible Messages response: a `thinking` block when the answer shows reasoning,
 * then text (cut at `max_tokens` → `stop_reason: "max_tokens"`) or `tool_use` blocks (`stop_reason: "tool_use"`),
 * usage with cache fields. Streamed by `../sse/messages.ts`.
 */
import { countTokens, type ModelAnswer, toolCallId } from "../behaviours/answer.ts";
import type { Conversation } from "../behaviours/conversation.ts";
import type { Json } from "../behaviours/json.ts";
import type { CatalogueModel } from "../catalogue/models.ts";
import { hexDigest, type IdFactory } from "../stores/ids.ts";

export function renderMessage(
  answer: ModelAnswer,
  conversation: Conversation,
  model: CatalogueModel,
  ids: IdFactory,
): Json {
  const content: Json[] = [];
  if (answer.reasoning !== undefined) {
    content.push({ type: "thinking", thinking: answer.reasoning, signature: hexDigest(answer.reasoning, 32) });
  }
  for (const call of answer.toolCalls) {
    content.push({
      type: "tool_use",
      id: call.id ?? toolCallId(ids),
      name: call.name,
      input: JSON.parse(call.arguments),
    });
  }
  if (answer.toolCalls.length === 0) content.push({ type: "text", text: answer.text });
  const stopReason = answer.toolCalls.length > 0 ? "tool_use" : answer.truncated ? "max_tokens" : "end_turn";
  return {
    id: ids.uuid(),
    type: "message",
    role: "assistant",
    content,
    model: model.id,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: answer.usage?.input ?? countTokens(conversation.promptText),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: answer.usage?.output ?? countTokens(JSON.stringify(content)),
    },
  };
}
