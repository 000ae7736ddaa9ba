import { expect } from "vitest";
import type { components } from "../../generated/openapi.ts";
import { frames, sseResponse } from "../streaming/fixtures.ts";

type Schemas = components["schemas"];

/** A chat completion whose first choice carries `message` (role assistant added). */
export function chatResponse(
  message: Partial<Schemas["ChoiceMessage"]>,
  finish_reason: Schemas["Choice"]["finish_reason"] = "stop",
  extra: Partial<Schemas["ChatResponse"]> = {},
): Schemas["ChatResponse"] {
  return {
    id: "chat-1",
    object: "chat.completion",
    created: 1743770624,
    model: "grok-4",
    choices: [{ index: 0, message: { role: "assistant", refusal: null, ...message }, finish_reason }],
    ...extra,
  };
}

/** A client function call as chat answers carry it. */
export function chatToolCall(id: string, name: string, args: unknown): Schemas["ToolCall"] {
  return {
    id,
    type: "function",
    function: { name, arguments: typeof args === "string" ? args : JSON.stringify(args) },
  };
}

/** A completed Responses API answer with these output items. */
export function modelResponse(
  output: Schemas["ModelOutput"][],
  extra: Partial<Schemas["ModelResponse"]> = {},
): Schemas["ModelResponse"] {
  return {
    id: "resp-1",
    object: "response",
    created_at: 1743770624,
    model: "grok-4",
    status: "completed",
    output,
    parallel_tool_calls: true,
    store: true,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    ...extra,
  };
}

export function outputMessage(text: string, annotations: Schemas["Annotation"][] = []): Schemas["OutputMessage"] {
  return {
    type: "message",
    id: "msg-1",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text, annotations }],
  };
}

export function functionCallItem(callId: string, name: string, args: unknown): Schemas["FunctionToolCall"] {
  return {
    type: "function_call",
    id: `fc-${callId}`,
    call_id: callId,
    name,
    arguments: typeof args === "string" ? args : JSON.stringify(args),
    status: "completed",
  };
}

/** A streamed chat answer: the text in these pieces, then the tool calls whole (as xAI sends them), then [DONE]. */
export function chatStream(pieces: string[], toolCalls: Schemas["ToolCall"][] = []): Response {
  const chunk = (
    delta: Schemas["Delta"],
    finish_reason: Schemas["Choice"]["finish_reason"] = null,
  ): Schemas["ChatResponseChunk"] => ({
    id: "chat-1",
    object: "chat.completion.chunk",
    created: 1743770624,
    model: "grok-4",
    choices: [{ index: 0, delta, finish_reason }],
  });
  const chunks = [
    chunk({ role: "assistant", content: "" }),
    ...pieces.map((content) => chunk({ content })),
    ...(toolCalls.length ? [chunk({ tool_calls: toolCalls.map((call, index) => ({ ...call, index })) })] : []),
    chunk({}, toolCalls.length ? "tool_calls" : "stop"),
  ];
  return sseResponse([...frames(chunks), "data: [DONE]\n\n"]);
}

/** A streamed Responses API answer ending in `final`: its message text in these pieces, its other items whole. */
export function responseStream(final: Schemas["ModelResponse"], pieces: string[] = []): Response {
  let sequence_number = 0;
  const events: Schemas["ResponseStreamEvent"][] = [
    {
      type: "response.created",
      sequence_number: sequence_number++,
      response: { ...final, status: "in_progress", output: [] },
    },
  ];
  final.output.forEach((item, output_index) => {
    if (item.type !== "message") {
      events.push({ type: "response.output_item.done", sequence_number: sequence_number++, output_index, item });
      return;
    }
    const empty = { ...item, content: [] };
    events.push({ type: "response.output_item.added", sequence_number: sequence_number++, output_index, item: empty });
    const ids = { item_id: "msg-1", output_index, content_index: 0 };
    const part = { type: "output_text" as const, text: "", annotations: [] };
    events.push({ type: "response.content_part.added", sequence_number: sequence_number++, ...ids, part });
    for (const delta of pieces) {
      events.push({ type: "response.output_text.delta", sequence_number: sequence_number++, ...ids, delta });
    }
    events.push({ type: "response.output_item.done", sequence_number: sequence_number++, output_index, item });
  });
  events.push({ type: "response.completed", sequence_number: sequence_number++, response: final });
  return sseResponse(frames(events, { named: true }));
}

/** A promise with its resolve function, for tools whose timing a test controls. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** The error `promise` rejects with, checked to be a `type`. */
export async function rejection<E>(
  promise: PromiseLike<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a rejection with ${type.name}`);
}
