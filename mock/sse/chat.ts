/**
 * OpenAI-style chat completion stream as xAI sends it since late 2025: `role` only in a choice's first chunk, then
 * `data: {chunk}` per token (a tool call arrives whole in one delta, next to `content: ""`), a finish chunk with
 * `delta: {}`, usage only with `stream_options.include_usage` (a last chunk with `choices: []`), `data: [DONE]`.
 */
import { deltas, type SseEvent, tokenize } from "./format.ts";

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

/** `chunkSize` tokens per content delta; every tool call of a choice arrives whole, at its own `index`. */
export function chatStreamEvents(completion: ChatCompletion, includeUsage: boolean, chunkSize = 1): SseEvent[] {
  const base = {
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
  };
  const fingerprint = { system_fingerprint: completion.system_fingerprint ?? null };
  const chunk = (choices: object[], extra: object = {}, tokens = 0): SseEvent => ({
    data: { ...base, choices, ...extra, ...fingerprint },
    ...(tokens ? { tokens } : {}),
  });
  const events: SseEvent[] = [];
  for (const choice of completion.choices) {
    const role = choice.message?.role ?? "assistant";
    const pieces: { delta: Record<string, unknown>; tokens: number }[] = [];
    const add = (delta: Record<string, unknown>, text: string) => pieces.push({ delta, tokens: tokenize(text).length });
    for (const text of deltas(choice.message?.reasoning_content ?? "", chunkSize))
      add({ reasoning_content: text }, text);
    const toolCalls = choice.message?.tool_calls;
    if (toolCalls?.length) {
      const calls = toolCalls.map((call, index) => ({ ...call, index }));
      add({ content: "", tool_calls: calls }, JSON.stringify(calls));
    } else for (const text of deltas(choice.message?.content ?? "", chunkSize)) add({ content: text }, text);
    if (pieces.length === 0) pieces.push({ delta: { content: "" }, tokens: 0 });
    for (const [i, { delta, tokens }] of pieces.entries()) {
      events.push(chunk([{ index: choice.index, delta: i === 0 ? { ...delta, role } : delta }], {}, tokens));
    }
  }
  events.push(
    chunk(completion.choices.map((c) => ({ index: c.index, delta: {}, finish_reason: c.finish_reason ?? "stop" }))),
  );
  if (includeUsage && completion.usage) events.push(chunk([], { usage: completion.usage }));
  events.push({ data: "[DONE]" });
  return events;
}
