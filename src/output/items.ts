import type { Schema } from "../core/types.ts";

type Item = Schema<"ModelOutput">;

/*
 * Type guards for the Responses API's output items, by their `type` discriminant. While the spec types `type` as a
 * plain string these are what narrows an item; once it is an enum, `item.type === "message"` narrows on its own and
 * the guards stay correct.
 */

/** An assistant message: its `content` holds `output_text` and `refusal` parts. */
export function isOutputMessage(item: Item): item is Schema<"OutputMessage"> {
  return item.type === "message";
}

/** A call of one of your functions, to answer with a `function_call_output` item carrying its `call_id`. */
export function isFunctionCall(item: Item): item is Schema<"FunctionToolCall"> {
  return item.type === "function_call";
}

/** The model's reasoning: `summary` and, when returned, `content` texts. */
export function isReasoning(item: Item): item is Schema<"Reasoning"> {
  return item.type === "reasoning";
}

/** Items the client answers itself; every other item is a tool call the server already ran. */
const CLIENT_SIDE = new Set(["message", "reasoning", "function_call", "shell_call"]);

/**
 * A tool call xAI ran on its side (web_search_call, x_search_call, code_interpreter_call, mcp_call,
 * custom_tool_call — xAI reports some search tools under that type —, file_search_call, …): visible, never answered.
 */
export function isServerToolCall(
  item: Item,
): item is Exclude<Item, Schema<"OutputMessage"> | Schema<"FunctionToolCall"> | Schema<"Reasoning">> {
  return !CLIENT_SIDE.has(item.type);
}
