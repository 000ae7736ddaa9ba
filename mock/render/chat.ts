/**
 * A model answer as a chat completion, in the shapes xAI sends: bare-UUID `id`, `n` choices, `refusal: null`,
 * `system_fingerprint` `fp_…`, `call_<8 digits>` tool calls next to `content: ""` and `finish_reason: "tool_calls"`,
 * usage with total = prompt + completion + reasoning. Streamed by `../sse/chat.ts`.
 */
import type { ModelAnswer } from "../behaviours/answer.ts";
import { chatUsage, tokenCounts, toolCallId } from "../behaviours/answer.ts";
import type { Conversation } from "../behaviours/conversation.ts";
import type { Json } from "../behaviours/json.ts";
import type { CatalogueModel } from "../catalogue/models.ts";
import { hexDigest, type IdFactory } from "../stores/ids.ts";

export function systemFingerprint(model: CatalogueModel): string {
  return `fp_${hexDigest(model.id, 10)}`;
}

export function renderChatCompletion(
  answer: ModelAnswer,
  conversation: Conversation,
  model: CatalogueModel,
  ids: IdFactory,
): Json {
  const calls = answer.toolCalls.length > 0;
  const choices = Array.from({ length: conversation.n }, (_, index) => {
    const message: Json = { role: "assistant", content: calls ? "" : answer.text };
    if (answer.reasoning !== undefined) message.reasoning_content = answer.reasoning;
    if (calls) {
      message.tool_calls = answer.toolCalls.map((call) => ({
        id: call.id ?? toolCallId(ids),
        function: { name: call.name, arguments: call.arguments },
        type: "function",
      }));
    }
    message.refusal = null;
    return { index, message, finish_reason: calls ? "tool_calls" : answer.truncated ? "length" : "stop" };
  });
  const answered = choices.map((c) => c.message.content || JSON.stringify(c.message.tool_calls ?? "")).join(" ");
  return {
    id: ids.uuid(),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: model.id,
    choices,
    usage: chatUsage(tokenCounts(model, conversation.promptText, answered, answer.usage)),
    system_fingerprint: systemFingerprint(model),
  };
}
