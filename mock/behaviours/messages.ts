/** The Anthropic-compatible Messages API built from the request (text, `tool_use` by the tool rule), and `stream: true`. */
import { sendJson } from "../http/errors.ts";
import { messageStreamEvents } from "../sse/messages.ts";
import { callTool, chooseTool, countTokens, limitTokens, replyText, type ToolSpec, textOf } from "./answer.ts";
import { asObject, type Behaviour, type Json, requestedModel, stream } from "./context.ts";

function forcedTool(choice: unknown): string | undefined {
  const { type, name } = asObject(choice);
  if (type === "none") return "none";
  if (type === "any") return "any";
  return type === "tool" && typeof name === "string" ? name : undefined;
}

function blocks(content: unknown): Json[] {
  return Array.isArray(content) ? content.map(asObject) : [{ type: "text", text: textOf(content) }];
}

export const createMessage: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const request = asObject(ctx.body);
  const messages: Json[] = Array.isArray(request.messages) ? request.messages.map(asObject) : [];
  const lastUser = messages.findLast((m) => m.role === "user");
  const toolResults = blocks(lastUser?.content).filter((block) => block.type === "tool_result");
  const endsWithToolResult = lastUser === messages.at(-1) && toolResults.length > 0;
  const userText = blocks(lastUser?.content)
    .filter((block) => block.type === "text")
    .map((block) => block.text)
    .join(" ");
  const tools: ToolSpec[] = Array.isArray(request.tools)
    ? request.tools
        .filter((t: Json) => typeof t?.name === "string")
        .map((t: Json) => ({ name: t.name, parameters: t.input_schema }))
    : [];
  const tool = chooseTool(tools, forcedTool(request.tool_choice), userText, endsWithToolResult);
  let content: Json[];
  let stopReason: string;
  if (tool) {
    const call = callTool(tool, ctx.state.ids);
    content = [{ type: "tool_use", id: call.callId, name: call.name, input: JSON.parse(call.arguments) }];
    stopReason = "tool_use";
  } else {
    const reply = replyText(
      userText,
      endsWithToolResult ? toolResults.map((r) => textOf(r.content)).join(" ") : undefined,
    );
    const limited = limitTokens(reply, request.max_tokens);
    content = [{ type: "text", text: limited.text }];
    stopReason = limited.truncated ? "max_tokens" : "end_turn";
  }
  const prompt = [textOf(request.system), ...messages.map((m) => textOf(m.content))].join("\n");
  const message = {
    id: ctx.state.ids.uuid(),
    type: "message",
    role: "assistant",
    content,
    model: model.id,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: countTokens(prompt),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: countTokens(JSON.stringify(content)),
    },
  };
  if (request.stream === true) return stream(ctx, messageStreamEvents(message));
  sendJson(ctx.res, 200, message);
  return true;
};
