import type { ToolCallError } from "../core/errors.ts";
import type { Schema } from "../core/types.ts";

/** A function call the model asked for. */
export interface FunctionCall {
  /** The call's id (`tool_call_id` in chat, `call_id` in the Responses API). */
  id: string;
  name: string;
  /** The arguments as the model wrote them: a JSON string. */
  arguments: string;
}

/** One call's outcome, and what the model was sent back for it. */
export interface ToolCallResult {
  call: FunctionCall;
  /** What `execute` returned; undefined when the call failed. */
  output?: unknown;
  /** Why the call failed (unknown tool, invalid arguments, a throw); the model was told. Undefined on success. */
  error?: ToolCallError | undefined;
  /** The text the model got back: the output (JSON unless a string) or `{"error": …}`. */
  content: string;
}

/** One round: the model's answer and the results of the tool calls it asked for (none in the final round). */
export interface ToolRound<Response> {
  response: Response;
  toolResults: ToolCallResult[];
}

/** What a tool run produced. */
export interface ToolRunResult<Response, Item> {
  /** The last answer: the final one, unless the run stopped at maxRounds. */
  response: Response;
  rounds: ToolRound<Response>[];
  /**
   * The conversation so far, ready to continue it: the chat messages (yours, the assistant's, the tool results) or
   * the Responses API input items (yours, the output items, the `function_call_output` items).
   */
  transcript: Item[];
}

export type ChatToolRunResult = ToolRunResult<Schema<"ChatResponse">, Schema<"Message">>;
export type ResponseToolRunResult = ToolRunResult<Schema<"ModelResponse">, Schema<"ModelInputPart">>;

/** What a tool run reports as it goes; iterate the run to see them. */
export type ToolRunEvent<Response, StreamEvent> =
  /** An event of the round's streamed answer (with `stream: true`). */
  | { type: "stream"; round: number; event: StreamEvent }
  /** The model's complete answer for the round; server-side tool calls are visible in it. */
  | { type: "response"; round: number; response: Response }
  /** A function call about to run. */
  | { type: "tool_call"; round: number; call: FunctionCall }
  /** A function call's outcome, as it was sent to the model. */
  | { type: "tool_result"; round: number; result: ToolCallResult };

export type ChatToolRunEvent = ToolRunEvent<Schema<"ChatResponse">, Schema<"ChatResponseChunk">>;
export type ResponseToolRunEvent = ToolRunEvent<Schema<"ModelResponse">, Schema<"ResponseStreamEvent">>;
