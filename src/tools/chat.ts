import type { Schema } from "../core/types.ts";
import type { ChatRequest } from "../resources/chat.ts";
import type { StreamingCreate } from "../structured/create.ts";
import { isRunnable, runnableTools, sendRound, type ToolDialect, ToolRunner, type ToolRunOptions } from "./loop.ts";
import type { Tool } from "./tool.ts";

type Message = Schema<"Message">;
type ChatResponse = Schema<"ChatResponse">;

/** `chat.completions.runTools`' body: a chat request whose `tools` mix runnable tools and tools xAI runs itself. */
export type ChatToolRequest = Omit<ChatRequest, "tools" | "deferred"> & {
  tools: ReadonlyArray<Tool | Exclude<Schema<"Tool">, { type: "function" }>>;
};

/**
 * The chat tool loop: each answer's function calls are run and sent back as `role: "tool"` messages with their
 * `tool_call_id`, after the assistant message that asked for them, until an answer calls none.
 */
export function runChatTools(
  completions: StreamingCreate<ChatRequest, ChatResponse, Schema<"ChatResponseChunk">>,
  { tools, ...body }: ChatToolRequest,
  options?: ToolRunOptions,
): ToolRunner<ChatResponse, Schema<"ChatResponseChunk">, Message> {
  const wireTools = tools.map((entry): Schema<"Tool"> => {
    if (!isRunnable(entry)) return entry;
    const { name, description, jsonSchema: parameters } = entry;
    return {
      type: "function",
      function: description === undefined ? { name, parameters } : { name, description, parameters },
    };
  });
  const messages: Message[] = [...(body.messages ?? [])];
  const dialect: ToolDialect<ChatResponse, Schema<"ChatResponseChunk">, Message> = {
    send: (request) => sendRound(completions, { ...body, tools: wireTools, messages: [...messages] }, request),
    calls: (response) =>
      functionCalls(response).map(({ id, function: { name, arguments: args } }) => ({ id, name, arguments: args })),
    record(response, results) {
      const message = response.choices[0]?.message;
      const calls = functionCalls(response).map(({ id, type, function: { name, arguments: args } }) => ({
        id,
        type,
        function: { name, arguments: args },
      }));
      messages.push({
        role: "assistant",
        content: message?.content ?? null,
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
      });
      for (const { call, content } of results) messages.push({ role: "tool", tool_call_id: call.id, content });
    },
    transcript: () => [...messages],
  };
  return new ToolRunner(dialect, runnableTools(tools), options);
}

/**
 * The first choice's calls of client functions. Calls of server-side tools (`type` such as `web_search_call`) were
 * run by xAI and stay visible in the answer only.
 */
function functionCalls(response: ChatResponse): Schema<"ToolCall">[] {
  return (response.choices[0]?.message.tool_calls ?? []).filter(
    (call) => call.type == null || call.type === "function",
  );
}
