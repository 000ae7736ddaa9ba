/**
 * Chat completions built from the request (model, `n`, `max_tokens`, `response_format`, `tools`), deferred
 * requests and `stream: true`; the deferred-completion poll. Shapes as captured: bare-UUID ids, `refusal: null`,
 * `call_<8 digits>` tool calls with `content: ""`, total = prompt + completion + reasoning tokens.
 */
import { createHash } from "node:crypto";
import type { CatalogueModel } from "../catalogue/models.ts";
import { sendJson } from "../http/errors.ts";
import { chatStreamEvents } from "../sse/chat.ts";
import {
  callTool,
  chatUsage,
  chooseTool,
  formattedReply,
  limitTokens,
  type ToolSpec,
  textOf,
  tokenCounts,
} from "./answer.ts";
import {
  asObject,
  type Behaviour,
  type BehaviourContext,
  type Json,
  notFound,
  nowSeconds,
  requestedModel,
  stream,
} from "./context.ts";

export function systemFingerprint(model: CatalogueModel): string {
  return `fp_${createHash("sha256").update(model.id).digest("hex").slice(0, 10)}`;
}

function chatTools(request: Json): ToolSpec[] {
  if (!Array.isArray(request.tools)) return [];
  return request.tools
    .filter((tool: Json) => tool?.type === "function" && typeof tool.function?.name === "string")
    .map((tool: Json) => ({ name: tool.function.name, parameters: tool.function.parameters }));
}

function forcedTool(choice: unknown): string | undefined {
  if (choice === "none") return "none";
  if (choice === "required") return "any";
  const named = asObject(choice);
  if (named.type === "function") return asObject(named.function).name ?? "any";
  return undefined;
}

function buildCompletion(ctx: BehaviourContext, model: CatalogueModel): Json {
  const request = asObject(ctx.body);
  const messages: Json[] = Array.isArray(request.messages) ? request.messages.map(asObject) : [];
  const last = messages.at(-1);
  const lastUser = messages.findLast((m) => m.role === "user");
  const toolResult = last?.role === "tool" || last?.role === "function" ? textOf(last.content) : undefined;
  const tool = chooseTool(
    chatTools(request),
    forcedTool(request.tool_choice),
    textOf(lastUser?.content),
    toolResult !== undefined,
  );
  const format = asObject(request.response_format);
  const jsonSchema = asObject(format.json_schema);
  const reply = formattedReply(
    { type: format.type, schema: jsonSchema.schema, name: jsonSchema.name },
    textOf(lastUser?.content),
    toolResult,
  );
  const limited =
    tool || format.type
      ? { text: reply, truncated: false }
      : limitTokens(reply, request.max_completion_tokens ?? request.max_tokens);
  const n = typeof request.n === "number" && request.n > 0 ? request.n : 1;
  const choices = Array.from({ length: n }, (_, index) => {
    const message: Json = { role: "assistant", content: tool ? "" : limited.text };
    if (/mini/.test(model.id))
      message.reasoning_content = "The user asked a question; I answer it directly and briefly.";
    if (tool) {
      const call = callTool(tool, ctx.state.ids);
      message.tool_calls = [
        { id: call.callId, function: { name: call.name, arguments: call.arguments }, type: "function" },
      ];
    }
    message.refusal = null;
    return { index, message, finish_reason: tool ? "tool_calls" : limited.truncated ? "length" : "stop" };
  });
  const answered = choices.map((c) => c.message.content || JSON.stringify(c.message.tool_calls ?? "")).join(" ");
  const counts = tokenCounts(model, messages.map((m) => textOf(m.content)).join("\n"), answered);
  return {
    id: ctx.state.ids.uuid(),
    object: "chat.completion",
    created: nowSeconds(),
    model: model.id,
    choices,
    usage: chatUsage(counts),
    system_fingerprint: systemFingerprint(model),
  };
}

export const chatCompletion: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const request = asObject(ctx.body);
  const completion = buildCompletion(ctx, model);
  if (request.deferred === true) {
    const requestId = ctx.state.ids.uuid();
    ctx.state.deferred.start(requestId, completion);
    sendJson(ctx.res, 200, { request_id: requestId });
    return true;
  }
  if (request.stream === true) {
    const includeUsage = asObject(request.stream_options).include_usage === true;
    return stream(ctx, chatStreamEvents(completion as never, includeUsage));
  }
  sendJson(ctx.res, 200, completion);
  return true;
};
export const deferredCompletion: Behaviour = (ctx) => {
  const poll = ctx.state.deferred.poll(ctx.params.request_id!);
  if (poll.state === "unknown") return notFound(ctx, "Deferred request", ctx.params.request_id);
  if (poll.state === "pending") {
    ctx.res.writeHead(202).end();
    return true;
  }
  sendJson(ctx.res, 200, poll.result);
  return true;
};
