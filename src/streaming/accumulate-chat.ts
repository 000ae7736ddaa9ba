import type { components } from "../../generated/openapi.ts";

type ChatResponse = components["schemas"]["ChatResponse"];
type ChatResponseChunk = components["schemas"]["ChatResponseChunk"];
type Choice = components["schemas"]["Choice"];
type ToolCall = components["schemas"]["ToolCall"];
type DeltaToolCall = components["schemas"]["DeltaToolCall"];

/**
 * Folds `chat.completion.chunk` events into the `ChatResponse` the same request would have returned unstreamed:
 * content, reasoning and refusal text concatenated per choice, tool calls merged by `index` (arguments concatenated),
 * logprobs appended, the last finish reason, usage, citations and output files from the chunk that carries them.
 */
export class ChatCompletionAccumulator {
  #head: ChatResponseChunk | undefined;
  readonly #choices = new Map<number, Choice>();
  #usage: ChatResponse["usage"];
  #citations: ChatResponse["citations"];
  #outputFiles: ChatResponse["output_files"];

  add(chunk: ChatResponseChunk): void {
    this.#head ??= chunk;
    if (chunk.usage) this.#usage = chunk.usage;
    if (chunk.citations) this.#citations = chunk.citations;
    if (chunk.output_files) this.#outputFiles = chunk.output_files;
    for (const { index, delta, finish_reason, logprobs } of chunk.choices) {
      let choice = this.#choices.get(index);
      if (!choice) {
        choice = { index, message: { role: delta.role ?? "assistant" }, finish_reason: null };
        this.#choices.set(index, choice);
      }
      const message = choice.message;
      if (delta.role) message.role = delta.role;
      if (delta.content != null) message.content = (message.content ?? "") + delta.content;
      if (delta.reasoning_content != null) {
        message.reasoning_content = (message.reasoning_content ?? "") + delta.reasoning_content;
      }
      if (delta.tool_calls) {
        message.tool_calls ??= [];
        mergeToolCalls(message.tool_calls, delta.tool_calls);
      }
      if (finish_reason != null) choice.finish_reason = finish_reason;
      if (logprobs?.content) {
        choice.logprobs ??= {};
        choice.logprobs.content ??= [];
        choice.logprobs.content.push(...logprobs.content);
      }
    }
  }

  /** The response so far; complete once the stream has ended. `undefined` before the first chunk. */
  snapshot(): ChatResponse | undefined {
    const head = this.#head;
    if (!head) return undefined;
    const response: ChatResponse = {
      id: head.id,
      object: "chat.completion",
      created: head.created,
      model: head.model,
      choices: [...this.#choices.values()].sort((a, b) => a.index - b.index),
    };
    if (head.system_fingerprint != null) response.system_fingerprint = head.system_fingerprint;
    if (this.#usage) response.usage = this.#usage;
    if (this.#citations) response.citations = this.#citations;
    if (this.#outputFiles) response.output_files = this.#outputFiles;
    return response;
  }
}

function mergeToolCalls(calls: ToolCall[], deltas: readonly DeltaToolCall[]): void {
  for (const delta of deltas) {
    // OpenAI-style streams send `id` and `function.name` once, then argument fragments under the same `index`.
    const position = delta.index ?? calls.length;
    const existing = calls.find((call) => (call.index ?? -1) === position);
    if (!existing) {
      calls.push({
        id: delta.id ?? "",
        index: position,
        ...(delta.type ? { type: delta.type } : {}),
        function: { name: delta.function?.name ?? "", arguments: delta.function?.arguments ?? "" },
      });
      continue;
    }
    if (delta.id) existing.id = delta.id;
    if (delta.type) existing.type = delta.type;
    if (delta.function?.name) existing.function.name = delta.function.name;
    if (delta.function?.arguments) existing.function.arguments += delta.function.arguments;
  }
}
