/**
 * The Responses API built from the request: text, structured output (`text.format`), function calls (`tools`),
 * `previous_response_id` (must name a stored response, else xAI's 404; echoed), stored responses (the API stores by
 * default) with their input items, `stream: true`, retrieve, delete, and compaction of an input window. Ids as
 * captured: the response a bare UUID, its items `rs_<uuid>` / `msg_<uuid>`; every output text part carries
 * `logprobs: []`; output tokens include reasoning.
 */
import type { CatalogueModel } from "../catalogue/models.ts";
import { sendError, sendJson } from "../http/errors.ts";
import { responseStreamEvents } from "../sse/responses.ts";
import { cursorPage } from "../stores/cursor-page.ts";
import { callTool, chooseTool, costInUsdTicks, formattedReply, type ToolSpec, textOf, tokenCounts } from "./answer.ts";
import {
  asObject,
  type Behaviour,
  type BehaviourContext,
  cursorParams,
  type Json,
  notFound,
  nowSeconds,
  requestedModel,
  sendPage,
  stream,
} from "./context.ts";

function inputItems(input: unknown): Json[] {
  if (typeof input === "string") return [{ role: "user", content: input }];
  return Array.isArray(input) ? input.map(asObject) : [];
}

function functionTools(request: Json): ToolSpec[] {
  if (!Array.isArray(request.tools)) return [];
  return request.tools
    .filter((tool: Json) => tool?.type === "function" && typeof tool.name === "string")
    .map((tool: Json) => ({ name: tool.name, parameters: tool.parameters }));
}

function forcedTool(choice: unknown): string | undefined {
  if (choice === "none") return "none";
  if (choice === "required") return "any";
  const named = asObject(choice);
  return named.type === "function" && typeof named.name === "string" ? named.name : undefined;
}

function outputItems(ctx: BehaviourContext, model: CatalogueModel, request: Json, uuid: string): Json[] {
  const items = inputItems(request.input);
  const last = items.at(-1);
  const lastUser = items.findLast((item) => item.role === "user");
  const toolResult = last?.type === "function_call_output" ? textOf(last.output) : undefined;
  const tool = chooseTool(
    functionTools(request),
    forcedTool(request.tool_choice),
    textOf(lastUser?.content),
    toolResult !== undefined,
  );
  const output: Json[] = [];
  if (/grok-4|mini|reasoning|code/.test(model.id) && !/non-reasoning/.test(model.id)) {
    output.push({ id: `rs_${uuid}`, type: "reasoning", summary: [], status: "completed" });
  }
  if (tool) {
    const call = callTool(tool, ctx.state.ids);
    output.push({
      id: `fc_${uuid}`,
      type: "function_call",
      call_id: call.callId,
      name: call.name,
      arguments: call.arguments,
      status: "completed",
    });
    return output;
  }
  const text = formattedReply(asObject(asObject(request.text).format), textOf(lastUser?.content), toolResult);
  output.push({
    id: `msg_${uuid}`,
    type: "message",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text, logprobs: [], annotations: [] }],
  });
  return output;
}

function buildResponse(ctx: BehaviourContext, model: CatalogueModel): Json {
  const request = asObject(ctx.body);
  const uuid = ctx.state.ids.uuid();
  const output = outputItems(ctx, model, request, uuid);
  const prompt = [request.instructions, ...inputItems(request.input).map((i) => textOf(i.content ?? i.output))]
    .filter(Boolean)
    .join("\n");
  const answered = output
    .map((item) => (item.type === "message" ? item.content[0].text : (item.arguments ?? "")))
    .join(" ");
  const counts = tokenCounts(model, String(prompt), answered);
  const outputTokens = counts.completion + counts.reasoning;
  return {
    created_at: nowSeconds(),
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

export const createResponse: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const request = asObject(ctx.body);
  const previous = request.previous_response_id;
  if (typeof previous === "string" && ctx.state.responses.get(previous) === undefined) {
    sendError(ctx.res, 404, `Previous response with id '${previous}' not found.`);
    return true;
  }
  const response = buildResponse(ctx, model);
  if (response.store) ctx.state.responses.save(response.id, response, listedInput(response.id, request.input));
  if (request.stream === true) return stream(ctx, responseStreamEvents(response));
  sendJson(ctx.res, 200, response);
  return true;
};
/** The request's input items as the input-items list gives them: each with an `id`, messages typed `message`. */
function listedInput(responseId: string, input: unknown): Json[] {
  return inputItems(input).map((item, i) => {
    const message = item.type === undefined || item.type === null || item.type === "message";
    const typed = message && typeof item.role === "string" ? { ...item, type: "message" } : item;
    return { ...typed, id: typeof item.id === "string" ? item.id : `${message ? "msg" : "item"}_${responseId}_${i}` };
  });
}

export const listInputItems: Behaviour = (ctx) => {
  const id = ctx.params.response_id!;
  const items = ctx.state.responses.inputItems(id) as (Json & { id: string })[] | undefined;
  if (items === undefined) return notFound(ctx, "Response", id);
  return sendPage(ctx, () => cursorPage(items, cursorParams(ctx), { limit: 20, maxLimit: 100, order: "asc" }));
};

/**
 * POST /v1/responses/compact: the input window as one opaque compaction item (its `encrypted_content` is the window
 * itself, base64url-encoded, so nothing is lost), to spread into the next request's `input`.
 */
export const compact: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const request = asObject(ctx.body);
  const items = inputItems(request.input);
  const id = `cmp_${ctx.state.ids.uuid()}`;
  const encrypted = Buffer.from(JSON.stringify(items)).toString("base64url");
  const counts = tokenCounts(model, items.map((item) => textOf(item.content ?? item.output)).join("\n"), encrypted);
  sendJson(ctx.res, 200, {
    object: "response.compaction",
    id,
    created_at: nowSeconds(),
    model: model.id,
    output: [{ type: "compaction", id, encrypted_content: encrypted }],
    usage: {
      input_tokens: counts.prompt,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: counts.completion,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: counts.prompt + counts.completion,
      dropped_message_count: items.length,
    },
  });
  return true;
};

export const getStoredResponse: Behaviour = (ctx) => {
  const response = ctx.state.responses.get(ctx.params.response_id!);
  if (response === undefined) return notFound(ctx, "Response", ctx.params.response_id);
  sendJson(ctx.res, 200, response);
  return true;
};
export const deleteStoredResponse: Behaviour = (ctx) => {
  const id = ctx.params.response_id!;
  if (!ctx.state.responses.delete(id)) return notFound(ctx, "Response", id);
  sendJson(ctx.res, 200, { id, object: "response", deleted: true });
  return true;
};
