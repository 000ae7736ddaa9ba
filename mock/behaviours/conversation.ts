/**
 * What a chat-completions, Responses-API or Messages request asks the model, in one family-neutral shape: the
 * answer rule (`answer.ts`) and the fixtures (`../scenarios/`) read this, never the families' request bodies.
 */
import { asObject, type Json, textOf } from "./json.ts";

export const FAMILIES = ["chat", "responses", "messages"] as const;
export type Family = (typeof FAMILIES)[number];

/** The operation each family answers, and the client method that calls it. */
export const FAMILY_OPERATIONS = {
  chat: { operationId: "handle_generic_completion_request", method: "chat.completions.create" },
  responses: { operationId: "handle_generic_model_request", method: "responses.create" },
  messages: { operationId: "handle_generic_messages_request", method: "messages.create" },
} as const satisfies Record<Family, { operationId: string; method: string }>;

export function familyOf(operationId: string | undefined): Family | undefined {
  return FAMILIES.find((family) => FAMILY_OPERATIONS[family].operationId === operationId);
}

export interface ToolSpec {
  name: string;
  parameters: unknown;
}

/** The requested output format: chat's `response_format`, or the Responses API's `text.format`. */
export interface OutputFormat {
  type?: string;
  schema?: unknown;
  name?: string;
}

export interface Conversation {
  family: Family;
  /** The `model` as the request names it. */
  model: string | undefined;
  /** Text of the last user message that has text. */
  lastUserText: string | undefined;
  /** Client-side function tools offered. */
  tools: ToolSpec[];
  /** `tool_choice` as undefined (auto), "none", "any" or a tool name. */
  forced: string | undefined;
  /** The tool result the conversation ends with, if it ends with one. */
  toolResult: { text: string; callId: string | undefined } | undefined;
  /** Assistant turns in the request (a run of function calls is one turn); 0 for the first question. */
  assistantTurns: number;
  /** Responses API: the stored response this one continues. */
  previousResponseId: string | undefined;
  format: OutputFormat;
  /** Everything the prompt holds, for token counts. */
  promptText: string;
  stream: boolean;
  /** The token limit that cuts a text answer (chat, messages). */
  maxTokens: number | undefined;
  /** Choices asked for (chat's `n`). */
  n: number;
}

const number = (value: unknown) => (typeof value === "number" ? value : undefined);

function forcedOpenAi(choice: unknown, name: (named: Json) => unknown): string | undefined {
  if (choice === "none") return "none";
  if (choice === "required") return "any";
  const named = asObject(choice);
  if (named.type !== "function") return undefined;
  const tool = name(named);
  return typeof tool === "string" ? tool : "any";
}

function chat(request: Json): Omit<Conversation, "family"> {
  const messages: Json[] = Array.isArray(request.messages) ? request.messages.map(asObject) : [];
  const last = messages.at(-1);
  const format = asObject(request.response_format);
  const jsonSchema = asObject(format.json_schema);
  const endsWithTool = last?.role === "tool" || last?.role === "function";
  return {
    model: request.model,
    lastUserText: textOf(messages.findLast((m) => m.role === "user")?.content),
    tools: Array.isArray(request.tools)
      ? request.tools
          .filter((tool: Json) => tool?.type === "function" && typeof tool.function?.name === "string")
          .map((tool: Json) => ({ name: tool.function.name, parameters: tool.function.parameters }))
      : [],
    forced: forcedOpenAi(request.tool_choice, (named) => asObject(named.function).name),
    toolResult: endsWithTool ? { text: textOf(last.content), callId: last.tool_call_id ?? undefined } : undefined,
    assistantTurns: messages.filter((m) => m.role === "assistant").length,
    previousResponseId: undefined,
    format: { type: format.type, schema: jsonSchema.schema, name: jsonSchema.name },
    promptText: messages.map((m) => textOf(m.content)).join("\n"),
    stream: request.stream === true,
    maxTokens: number(request.max_completion_tokens ?? request.max_tokens),
    n: typeof request.n === "number" && request.n > 0 ? request.n : 1,
  };
}

/** A Responses request's `input` as items: a string is one user message. */
export function inputItems(input: unknown): Json[] {
  if (typeof input === "string") return [{ role: "user", content: input }];
  return Array.isArray(input) ? input.map(asObject) : [];
}

function responses(request: Json): Omit<Conversation, "family"> {
  const items = inputItems(request.input);
  const last = items.at(-1);
  let assistantTurns = 0;
  items.forEach((item, index) => {
    const isCall = item.type === "function_call";
    if (item.role === "assistant" || (isCall && items[index - 1]?.type !== "function_call")) assistantTurns++;
  });
  return {
    model: request.model,
    lastUserText: textOf(items.findLast((item) => item.role === "user")?.content),
    tools: Array.isArray(request.tools)
      ? request.tools
          .filter((tool: Json) => tool?.type === "function" && typeof tool.name === "string")
          .map((tool: Json) => ({ name: tool.name, parameters: tool.parameters }))
      : [],
    forced: forcedOpenAi(request.tool_choice, (named) => named.name),
    toolResult: last?.type === "function_call_output" ? { text: textOf(last.output), callId: last.call_id } : undefined,
    assistantTurns,
    previousResponseId: typeof request.previous_response_id === "string" ? request.previous_response_id : undefined,
    format: asObject(asObject(request.text).format),
    promptText: [request.instructions, ...items.map((item) => textOf(item.content ?? item.output))]
      .filter(Boolean)
      .join("\n"),
    stream: request.stream === true,
    maxTokens: undefined,
    n: 1,
  };
}

function blocks(content: unknown): Json[] {
  return Array.isArray(content) ? content.map(asObject) : [{ type: "text", text: textOf(content) }];
}

function messages(request: Json): Omit<Conversation, "family"> {
  const messages: Json[] = Array.isArray(request.messages) ? request.messages.map(asObject) : [];
  const last = messages.at(-1);
  const results = last?.role === "user" ? blocks(last.content).filter((block) => block.type === "tool_result") : [];
  const texts = (message: Json | undefined) =>
    blocks(message?.content)
      .filter((block) => block.type === "text")
      .map((block) => block.text)
      .join(" ");
  const { type, name } = asObject(request.tool_choice);
  return {
    model: request.model,
    lastUserText: texts(messages.findLast((m) => m.role === "user" && texts(m) !== "")),
    tools: Array.isArray(request.tools)
      ? request.tools
          .filter((tool: Json) => typeof tool?.name === "string")
          .map((tool: Json) => ({ name: tool.name, parameters: tool.input_schema }))
      : [],
    forced: type === "none" || type === "any" ? type : type === "tool" && typeof name === "string" ? name : undefined,
    toolResult:
      results.length > 0
        ? { text: results.map((r) => textOf(r.content)).join(" "), callId: results.at(-1)!.tool_use_id }
        : undefined,
    assistantTurns: messages.filter((m) => m.role === "assistant").length,
    previousResponseId: undefined,
    format: {},
    promptText: [textOf(request.system), ...messages.map((m) => textOf(m.content))].join("\n"),
    stream: request.stream === true,
    maxTokens: number(request.max_tokens),
    n: 1,
  };
}

const READERS = { chat, responses, messages } satisfies Record<Family, (request: Json) => unknown>;

export function readConversation(family: Family, body: unknown): Conversation {
  return { family, ...READERS[family](asObject(body)) };
}
