import type { components } from "../../generated/openapi.ts";

type Schemas = components["schemas"];

const encoder = new TextEncoder();

/** A Response whose body delivers exactly these chunks (strings are UTF-8 encoded). */
export function sseResponse(chunks: Array<string | Uint8Array>, headers: Record<string, string> = {}): Response {
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream", ...headers } });
}

/** `data:` frames for JSON payloads, optionally with an `event:` line named after the payload's `type`. */
export function frames(payloads: unknown[], { named = false } = {}): string[] {
  return payloads.map((payload) => {
    const type = (payload as { type?: string }).type;
    return `${named && type ? `event: ${type}\n` : ""}data: ${JSON.stringify(payload)}\n\n`;
  });
}

export const usage: Schemas["Usage"] = {
  prompt_tokens: 12,
  completion_tokens: 7,
  total_tokens: 19,
  num_sources_used: 0,
  cost_in_usd_ticks: 1200,
  prompt_tokens_details: { text_tokens: 12, audio_tokens: 0, image_tokens: 0, cached_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

function chunk(choices: Schemas["ChoiceChunk"][], extra: Partial<Schemas["ChatResponseChunk"]> = {}) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1743770624,
    model: "grok-4",
    system_fingerprint: "fp_1",
    choices,
    ...extra,
  } satisfies Schemas["ChatResponseChunk"];
}

/** A chat stream with split text, a tool call whose arguments arrive in fragments, and usage on the last chunk. */
export const chatChunks: Schemas["ChatResponseChunk"][] = [
  chunk([{ index: 0, delta: { role: "assistant", content: "" } }]),
  chunk([{ index: 0, delta: { content: "Hello, " } }]),
  chunk([{ index: 0, delta: { content: "wörld 😀" } }]),
  chunk([
    {
      index: 0,
      delta: {
        tool_calls: [
          { index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"ci' } },
        ],
      },
    },
  ]),
  chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } } as never] } }]),
  chunk([{ index: 0, delta: {}, finish_reason: "tool_calls" }], { usage }),
];

const baseResponse: Schemas["ModelResponse"] = {
  id: "resp_1",
  object: "response",
  created_at: 1743770624,
  model: "grok-4",
  status: "in_progress",
  output: [],
  background: false,
  frequency_penalty: 0,
  presence_penalty: 0,
  metadata: {},
  parallel_tool_calls: true,
  service_tier: "default",
  store: true,
  text: { format: { type: "text" } },
  tool_choice: "auto",
  tools: [],
  top_logprobs: 0,
  truncation: "disabled",
};

const message: Schemas["OutputMessage"] = {
  type: "message",
  id: "msg_1",
  role: "assistant",
  status: "in_progress",
  content: [],
};
const completedMessage: Schemas["OutputMessage"] = {
  ...message,
  status: "completed",
  content: [{ type: "output_text", text: "Hi there", annotations: [] }],
};
const call: Schemas["FunctionToolCall"] = {
  type: "function_call",
  id: "fc_1",
  call_id: "call_1",
  name: "lookup",
  arguments: "",
  status: "in_progress",
};

/** A Responses-API stream: text in deltas, a function call with streamed arguments, completed with empty `output`. */
export const responseEvents: Schemas["ResponseStreamEvent"][] = [
  { type: "response.created", sequence_number: 0, response: baseResponse },
  { type: "response.output_item.added", sequence_number: 1, output_index: 0, item: message },
  {
    type: "response.content_part.added",
    sequence_number: 2,
    item_id: "msg_1",
    output_index: 0,
    content_index: 0,
    part: { type: "output_text", text: "", annotations: [] },
  },
  {
    type: "response.output_text.delta",
    sequence_number: 3,
    item_id: "msg_1",
    output_index: 0,
    content_index: 0,
    delta: "Hi ",
  },
  {
    type: "response.output_text.delta",
    sequence_number: 4,
    item_id: "msg_1",
    output_index: 0,
    content_index: 0,
    delta: "there",
  },
  { type: "response.output_item.done", sequence_number: 5, output_index: 0, item: completedMessage },
  { type: "response.output_item.added", sequence_number: 6, output_index: 1, item: call },
  {
    type: "response.function_call_arguments.delta",
    sequence_number: 7,
    item_id: "fc_1",
    output_index: 1,
    delta: '{"q":',
  },
  {
    type: "response.function_call_arguments.delta",
    sequence_number: 8,
    item_id: "fc_1",
    output_index: 1,
    delta: '"x"}',
  },
  {
    type: "response.completed",
    sequence_number: 9,
    response: { ...baseResponse, status: "completed", completed_at: 1743770630 },
  },
];

const messageUsage = { input_tokens: 10, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

/** An Anthropic-style messages stream: a text block, a tool_use block with streamed JSON input, usage in message_delta. */
export const messageEvents: Schemas["MessageStreamEvent"][] = [
  {
    type: "message_start",
    message: { id: "msg_1", type: "message", role: "assistant", model: "grok-4", content: [], usage: messageUsage },
  },
  { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
  { type: "ping" },
  { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Let me " } },
  { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "check." } },
  { type: "content_block_stop", index: 0 },
  { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "tu_1", name: "lookup", input: {} } },
  { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"q": ' } },
  { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '"x"}' } },
  { type: "content_block_stop", index: 1 },
  { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 25 } },
  { type: "message_stop" },
];
