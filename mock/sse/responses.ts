/**
 * Responses-API stream: `response.created`, `response.in_progress`, then per output item
 * `output_item.added` … (`content_part.added`, `output_text.delta`×n, `output_text.done`, `content_part.done`; or
 * for a function call `function_call_arguments.delta` and `.done`) … `output_item.done`, and finally
 * `response.completed`. Every event carries a `sequence_number`; text events carry `logprobs: []`.
 */
import { deltas, type SseEvent, tokenize } from "./format.ts";

type Json = Record<string, any>;

/** `chunkSize` tokens per `output_text.delta`. */
export function responseStreamEvents(response: Json, chunkSize = 1): SseEvent[] {
  const events: SseEvent[] = [];
  const emit = (type: string, fields: Json, tokens = 0) =>
    events.push({
      event: type,
      data: { type, sequence_number: events.length, ...fields },
      ...(tokens ? { tokens } : {}),
    });

  const inProgress = { ...response, status: "in_progress", output: [], usage: null, completed_at: null };
  emit("response.created", { response: inProgress });
  emit("response.in_progress", { response: inProgress });

  const output: Json[] = Array.isArray(response.output) ? response.output : [];
  output.forEach((item, outputIndex) => {
    const isMessage = item.type === "message" && Array.isArray(item.content);
    const isCall = item.type === "function_call";
    const started = isMessage ? { ...item, content: [] } : isCall ? { ...item, arguments: "" } : item;
    emit("response.output_item.added", { output_index: outputIndex, item: { ...started, status: "in_progress" } });
    if (isCall) {
      const at = { item_id: item.id, output_index: outputIndex };
      emit("response.function_call_arguments.delta", { ...at, delta: item.arguments }, tokenize(item.arguments).length);
      emit("response.function_call_arguments.done", { ...at, arguments: item.arguments });
    }
    if (isMessage) {
      (item.content as Json[]).forEach((part, contentIndex) => {
        const at = { item_id: item.id, output_index: outputIndex, content_index: contentIndex };
        if (part.type !== "output_text") {
          emit("response.content_part.added", { ...at, part });
          emit("response.content_part.done", { ...at, part });
          return;
        }
        emit("response.content_part.added", { ...at, part: { ...part, text: "" } });
        for (const text of deltas(part.text ?? "", chunkSize)) {
          emit("response.output_text.delta", { ...at, delta: text, logprobs: [] }, tokenize(text).length);
        }
        emit("response.output_text.done", { ...at, text: part.text ?? "", logprobs: [] });
        emit("response.content_part.done", { ...at, part });
      });
    }
    emit("response.output_item.done", { output_index: outputIndex, item });
  });

  emit("response.completed", { response: { ...response, status: "completed" } });
  return events;
}
