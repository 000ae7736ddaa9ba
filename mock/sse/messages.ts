/**
 * Anthropic-style messages stream: `message_start`, per content block `content_block_start`,
 * `content_block_delta`×n, `content_block_stop` (with one `ping` after the first start), then
 * `message_delta` (stop reason, output tokens) and `message_stop`.
 */
import { deltas, type SseEvent, tokenize } from "./format.ts";

type Json = Record<string, any>;

function blockDeltas(block: Json, chunkSize: number): { start: Json; deltas: Json[] } {
  switch (block.type) {
    case "text":
      return {
        start: { ...block, text: "" },
        deltas: deltas(block.text ?? "", chunkSize).map((text) => ({ type: "text_delta", text })),
      };
    case "thinking":
      return {
        start: { ...block, thinking: "", signature: "" },
        deltas: [
          ...deltas(block.thinking ?? "", chunkSize).map((thinking) => ({ type: "thinking_delta", thinking })),
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

/** `chunkSize` tokens per text or thinking delta. */
export function messageStreamEvents(message: Json, chunkSize = 1): SseEvent[] {
  const events: SseEvent[] = [];
  const emit = (type: string, fields: Json = {}, tokens = 0) =>
    events.push({ event: type, data: { type, ...fields }, ...(tokens ? { tokens } : {}) });
  const usage: Json = message.usage ?? {};

  emit("message_start", {
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 0 } },
  });
  const blocks: Json[] = Array.isArray(message.content) ? message.content : [];
  blocks.forEach((block, index) => {
    const { start, deltas: pieces } = blockDeltas(block, chunkSize);
    emit("content_block_start", { index, content_block: start });
    if (index === 0) emit("ping");
    for (const delta of pieces) {
      const text = delta.text ?? delta.thinking ?? delta.partial_json ?? "";
      emit("content_block_delta", { index, delta }, tokenize(text).length);
    }
    emit("content_block_stop", { index });
  });
  emit("message_delta", {
    delta: { stop_reason: message.stop_reason ?? "end_turn", stop_sequence: message.stop_sequence ?? null },
    usage: { output_tokens: usage.output_tokens ?? 0 },
  });
  emit("message_stop");
  return events;
}
