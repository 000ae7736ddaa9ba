/** OpenAI-style chat completion stream: `data: {chunk}` per token, a final chunk with finish_reason, `data: [DONE]`. */
import { type SseEvent, tokenize } from "./writer.ts";

interface ChatCompletion {
  id: string;
  created: number;
  model: string;
  system_fingerprint?: string | null;
  usage?: unknown;
  choices: { index: number; message?: { role?: string; content?: string | null }; finish_reason?: string | null }[];
}

export function chatStreamEvents(completion: ChatCompletion, includeUsage: boolean): SseEvent[] {
  const base = {
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
    system_fingerprint: completion.system_fingerprint ?? null,
  };
  const events: SseEvent[] = [];
  for (const choice of completion.choices) {
    const tokens = tokenize(choice.message?.content ?? "");
    if (tokens.length === 0) tokens.push("");
    tokens.forEach((token, i) => {
      const delta = i === 0 ? { role: choice.message?.role ?? "assistant", content: token } : { content: token };
      events.push({ data: { ...base, choices: [{ index: choice.index, delta }] } });
    });
  }
  events.push({
    data: {
      ...base,
      choices: completion.choices.map((c) => ({ index: c.index, delta: {}, finish_reason: c.finish_reason ?? "stop" })),
      ...(includeUsage && completion.usage ? { usage: completion.usage } : {}),
    },
  });
  events.push({ data: "[DONE]" });
  return events;
}
