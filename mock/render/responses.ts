/**
 * A model answer as a Responses-API response: bare-UUID `id`, items `rs_<same uuid>` (reasoning models),
 * `fc_<same uuid>`+n function calls, `msg_<same uuid>`; every `output_text` part carries `logprobs: []` and
 * `annotations: []`; the request's settings echoed; output tokens include reasoning. Streamed by
 * `../sse/responses.ts`.
 */
import { costInUsdTicks, isReasoningModel, type ModelAnswer, tokenCounts, toolCallId } from "../behaviours/answer.ts";
import type { Conversation } from "../behaviours/conversation.ts";
import { asObject, type Json } from "../behaviours/json.ts";
import type { CatalogueModel } from "../catalogue/models.ts";
import type { IdFactory } from "../stores/ids.ts";

function outputItems(answer: ModelAnswer, model: CatalogueModel, uuid: string, ids: IdFactory): Json[] {
  const output: Json[] = [];
  if (isReasoningModel(model) || answer.reasoning !== undefined) {
    const summary = answer.reasoning === undefined ? [] : [{ type: "summary_text", text: answer.reasoning }];
    output.push({ id: `rs_${uuid}`, type: "reasoning", summary, status: "completed" });
  }
  if (answer.toolCalls.length > 0) {
    answer.toolCalls.forEach((call, index) => {
      output.push({
        id: `fc_${uuid}${index === 0 ? "" : `_${index}`}`,
        type: "function_call",
        call_id: call.id ?? toolCallId(ids),
        name: call.name,
        arguments: call.arguments,
        status: "completed",
      });
    });
    return output;
  }
  output.push({
    id: `msg_${uuid}`,
    type: "message",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text: answer.text, logprobs: [], annotations: [] }],
  });
  return output;
}

export function renderResponse(
  answer: ModelAnswer,
  conversation: Conversation,
  model: CatalogueModel,
  ids: IdFactory,
  body: unknown,
): Json {
  const request = asObject(body);
  const uuid = ids.uuid();
  const output = outputItems(answer, model, uuid, ids);
  const answered = output
    .map((item) => (item.type === "message" ? item.content[0].text : (item.arguments ?? "")))
    .join(" ");
  const counts = tokenCounts(model, conversation.promptText, answered, answer.usage);
  const outputTokens = counts.completion + counts.reasoning;
  return {
    created_at: Math.floor(Date.now() / 1000),
    id: uuid,
    max_output_tokens: request.max_output_tokens ?? null,
    model: model.id,
    object: "response",
    output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: request.reasoning ?? null,
    temperature: request.temperature ?? null,
    text: request.text ?? { format: { type: "text" } },
    tool_choice: request.tool_choice ?? "auto",
    tools: request.tools ?? [],
    top_p: request.top_p ?? null,
    usage: {
      input_tokens: counts.prompt,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: counts.reasoning },
      total_tokens: counts.prompt + outputTokens,
      num_sources_used: 0,
      num_server_side_tools_used: 0,
      cost_in_usd_ticks: costInUsdTicks(counts),
    },
    user: request.user ?? null,
    incomplete_details: null,
    status: "completed",
    store: request.store !== false,
    metadata: asObject(request.metadata),
  };
}
