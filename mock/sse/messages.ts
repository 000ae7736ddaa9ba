/**
 * Anthropic-style messages stream: `message_start`, per content block `content_block_start`,
 * `content_block_delta`×n, `content_block_stop` (with one `ping` after the first start), then
 * `message_delta` (stop reason, output tokens) and `message_stop`.
 */
import { type SseEvent, tokenize } from "./writer.ts";

type Json = Record<string, any>;

function blockDeltas(block: Json): { start: Json; deltas: Json[] } {
  switch (block.type) {
    case "text":
      return {
        start: { ...block, text: "" },
        deltas: tokenize(block.text ?? "").map((text) => ({ type: "text_delta", text })),
      };
    case "thinking":
      return {
        start: { ...block, thinking: "", signature: "" },
        deltas: [
          ...tokenize(block.thinking ?? "").map((thinking) => ({ type: "thinking_delta", thinking })),
          ...(block.signature ? [{ type: "signature_delta", signature: block.signature }] : []),
        ],
      };
    case "tool_use":
      return {
        start: { ...block, input: {} },
        deltas: [{ type: "input_json_delta", partial_json: JSON.stringify(block.input ?? {}) }],
      };
    default:
      return { start: block, deltas: [] };
  }
}

export function messageStreamEvents(message: Json): SseEvent[] {
  const events: SseEvent[] = [];
  const emit = (type: string, fields: Json = {}) => events.push({ event: type, data: { type, ...fields } });
  const usage: Json = message.usage ?? {};

  emit("message_start", {
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 0 } },
  });
  const blocks: Json[] = Array.isArray(message.content) ? message.content : [];
  blocks.forEach((block, index) => {
    const { start, deltas } = blockDeltas(block);
    emit("content_block_start", { index, content_block: start });
    if (index === 0) emit("ping");
    for (const delta of deltas) emit("content_block_delta", { index, delta });
    emit("content_block_stop", { index });
  });
  emit("message_delta", {
    delta: { stop_reason: message.stop_reason ?? "end_turn", stop_sequence: message.stop_sequence ?? null },
    usage: { output_tokens: usage.output_tokens ?? 0 },
  });
  emit("message_stop");
  return events;
}
