import type { Schema } from "../core/types.ts";
import { isOutputMessage, isServerToolCall } from "./items.ts";

/** The pages the answer cites: `citations` URLs (chat) or the `url_citation` annotations of its text (Responses API). */
export function citations(result: Schema<"ChatResponse">): string[];
export function citations(result: Schema<"ModelResponse">): Schema<"Annotation">[];
export function citations(result: Schema<"ChatResponse"> | Schema<"ModelResponse">): (string | Schema<"Annotation">)[] {
  if ("choices" in result) return result.citations ?? [];
  const found: Schema<"Annotation">[] = [];
  for (const item of result.output) {
    if (!isOutputMessage(item)) continue;
    for (const part of item.content) {
      if (part.type === "output_text") found.push(...(part.annotations ?? []).filter((a) => a.type === "url_citation"));
    }
  }
  return found;
}

/**
 * The tool calls xAI ran itself (web search, X search, code execution, MCP, …), for display or audit: the first
 * choice's tool calls whose `type` is not `function` (chat), or the server-side output items (Responses API). How
 * many ran is also counted in `usage` (`num_server_side_tools_used`, `server_side_tool_usage_details`).
 */
export function serverToolCalls(result: Schema<"ChatResponse">): Schema<"ToolCall">[];
export function serverToolCalls(result: Schema<"ModelResponse">): Schema<"ModelOutput">[];
export function serverToolCalls(
  result: Schema<"ChatResponse"> | Schema<"ModelResponse">,
): (Schema<"ToolCall"> | Schema<"ModelOutput">)[] {
  if ("choices" in result) {
    return (result.choices[0]?.message.tool_calls ?? []).filter(
      (call) => call.type != null && call.type !== "function",
    );
  }
  return result.output.filter(isServerToolCall);
}
