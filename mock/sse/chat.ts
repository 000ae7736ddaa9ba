/**
 * OpenAI-style chat completion stream as xAI sends it since late 2025: `role` only in a choice's first chunk, then
 * `data: {chunk}` per token (a tool call arrives whole in one delta, next to `content: ""`), a finish chunk with
 * `delta: {}`, usage only with `stream_options.include_usage` (a last chunk with `choices: []`), `data: [DONE]`.
 */
import { type SseEvent, tokenize } from "./writer.ts";

interface ChatCompletion {
  id: string;
  created: number;
  model: string;
  system_fingerprint?: string | null;
  usage?: unknown;
  choices: {
    index: number;
    message?: { role?: string; content?: string | null; reasoning_content?: string; tool_calls?: object[] };
    finish_reason?: string | null;
  }[];
}

export function chatStreamEvents(completion: ChatCompletion, includeUsage: boolean): SseEvent[] {
  const base = {
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
  };
  const fingerprint = { system_fingerprint: completion.system_fingerprint ?? null };
  const chunk = (choices: object[], extra: object = {}): SseEvent => ({
    data: { ...base, choices, ...extra, ...fingerprint },
  });
  const events: SseEvent[] = [];
  for (const choice of completion.choices) {
    const role = choice.message?.role ?? "assistant";
    const deltas: Record<string, unknown>[] = [];
    for (const token of tokenize(choice.message?.reasoning_content ?? "")) deltas.push({ reasoning_content: token });
    const toolCalls = choice.message?.tool_calls;
    if (toolCalls?.length)
      deltas.push({ content: "", tool_calls: toolCalls.map((call, index) => ({ ...call, index })) });
    else for (const token of tokenize(choice.message?.content ?? "")) deltas.push({ content: token });
    if (deltas.length === 0) deltas.push({ content: "" });
    for (const [i, delta] of deltas.entries()) {
      events.push(chunk([{ index: choice.index, delta: i === 0 ? { ...delta, role } : delta }]));
    }
  }
  events.push(
    chunk(completion.choices.map((c) => ({ index: c.index, delta: {}, finish_reason: c.finish_reason ?? "stop" }))),
  );
  if (includeUsage && completion.usage) events.push(chunk([], { usage: completion.usage }));
  events.push({ data: "[DONE]" });
  return events;
}
