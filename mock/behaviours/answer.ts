/**
 * What the mock "model" answers, shared by the chat, responses and messages families: the text (or the structured
 * JSON, or the tool call) a request asks for, and token counts with xAI's arithmetic.
 *
 * A fixture (`../scenarios/`) gives the answer when one matches; otherwise it follows one documented rule. The answer is a call of a client-side function tool when
 * - `tool_choice` forces one (`"required"`, OpenAI's `{type: "function", …}`, Anthropic's `{type: "any"}` or
 *   `{type: "tool", name}`: the named tool, else the first), or
 * - `tool_choice` is `"auto"`/absent and the last user message mentions the tool: its name, or a word of four or more
 *   letters of its name (`get_weather` is called for "What's the weather in Paris?");
 * and never with `tool_choice: "none"` or when the conversation ends with a tool result — then the answer is text
 * that quotes the result, so a tool round (call → result → answer) completes. Arguments fit the tool's parameters
 * schema (`sample-from-schema.ts`).
 */
import type { CatalogueModel } from "../catalogue/models.ts";
import { tokenize } from "../sse/format.ts";
import type { IdFactory } from "../stores/ids.ts";
import type { Conversation, OutputFormat, ToolSpec } from "./conversation.ts";
import type { Json } from "./json.ts";
import { sampleFromSchema } from "./sample-from-schema.ts";

/** A function call the answer makes; `id` is generated (`call_` + 8 digits) when not given. */
export interface AnswerToolCall {
  id?: string;
  name: string;
  /** JSON text of the arguments object. */
  arguments: string;
}

/** What the model answers, before a family renders it in its own shape. */
export interface ModelAnswer {
  /** The text (JSON text for structured outputs); "" beside tool calls. */
  text: string;
  /** Reasoning the model shows: chat's `reasoning_content`, a reasoning item's summary, a thinking block. */
  reasoning?: string;
  toolCalls: AnswerToolCall[];
  /** The text was cut at the request's token limit. */
  truncated: boolean;
  /** Token counts to report instead of the estimated ones. */
  usage?: { input?: number; output?: number; reasoning?: number };
}

/** Rough token count, as a tokenizer would give for English (≈ 4 characters a token). */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function mentions(prompt: string, name: string): boolean {
  const lower = prompt.toLowerCase();
  if (lower.includes(name.toLowerCase())) return true;
  const words = name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter((word) => word.length >= 4);
  return words.some((word) => lower.split(/[^\p{L}\p{N}]+/u).some((token) => token.startsWith(word.toLowerCase())));
}

/** The tool the answer calls, by the rule above. */
export function chooseTool(conversation: Conversation): ToolSpec | undefined {
  const { tools, forced, lastUserText, toolResult } = conversation;
  if (tools.length === 0 || forced === "none" || toolResult !== undefined) return undefined;
  if (forced === "any") return tools[0];
  if (forced !== undefined) return tools.find((tool) => tool.name === forced) ?? tools[0];
  if (lastUserText === undefined) return undefined;
  return tools.find((tool) => mentions(lastUserText, tool.name));
}

/** `call_` + 8 digits from the server's id sequence (xAI's chat tool-call ids, e.g. `call_93562515`). */
export function toolCallId(ids: IdFactory): string {
  const digits = String(Number.parseInt(ids.uuid().replaceAll("-", "").slice(0, 12), 16) % 100_000_000);
  return `call_${digits.padStart(8, "0")}`;
}

/** The reply text: quotes a tool result, or answers the last user message. */
export function replyText(lastUserText: string | undefined, toolResult: string | undefined): string {
  if (toolResult !== undefined) {
    const excerpt = toolResult.replace(/\s+/g, " ").trim().slice(0, 160);
    return `Here is what the tool returned: ${excerpt || "no output"}.`;
  }
  const question = (lastUserText ?? "").replace(/\s+/g, " ").trim();
  if (!question) return "Hello! How can I help you today?";
  const excerpt = question.length > 80 ? `${question.slice(0, 80)}…` : question;
  return `You asked: "${excerpt}". This is a deterministic answer from the offline xAI mock.`;
}

/** Text cut to `maxTokens` whitespace tokens (the unit the streams use), and whether it was cut. */
export function limitTokens(text: string, maxTokens: unknown): { text: string; truncated: boolean } {
  const tokens = tokenize(text);
  if (typeof maxTokens !== "number" || maxTokens <= 0 || tokens.length <= maxTokens) return { text, truncated: false };
  return { text: tokens.slice(0, maxTokens).join(""), truncated: true };
}

/** The answer text in the requested format: JSON that fits a `json_schema`, a JSON object, or prose. */
export function formattedReply(
  format: OutputFormat,
  lastUserText: string | undefined,
  toolResult: string | undefined,
): string {
  if (format.type === "json_schema")
    return JSON.stringify(sampleFromSchema(format.schema ?? {}, format.name ?? "answer"));
  const reply = replyText(lastUserText, toolResult);
  return format.type === "json_object" ? JSON.stringify({ answer: reply }) : reply;
}

/** Models that think before answering (captures: grok-4, grok-3-mini, *-reasoning, code). */
export function isReasoningModel(model: CatalogueModel): boolean {
  return !/non-reasoning/.test(model.id) && /grok-4|mini|reasoning|code/.test(model.id);
}

/** The answer by the rule: a tool call, structured JSON, or text quoting a tool result or the question. */
export function ruleAnswer(conversation: Conversation, model: CatalogueModel): ModelAnswer {
  // grok-3-mini returns `reasoning_content` on chat completions (captured); the other families show none.
  const reasoning =
    conversation.family === "chat" && /mini/.test(model.id)
      ? "The user asked a question; I answer it directly and briefly."
      : undefined;
  const tool = chooseTool(conversation);
  if (tool) {
    const call = { name: tool.name, arguments: JSON.stringify(sampleFromSchema(tool.parameters, tool.name)) };
    return { text: "", reasoning, toolCalls: [call], truncated: false };
  }
  const { format, lastUserText, toolResult, maxTokens } = conversation;
  const reply = formattedReply(format, lastUserText, toolResult?.text);
  const limited = format.type ? { text: reply, truncated: false } : limitTokens(reply, maxTokens);
  return { text: limited.text, reasoning, toolCalls: [], truncated: limited.truncated };
}

/** Token counts of one answer, before each family arranges them its own way. */
export interface TokenCounts {
  prompt: number;
  completion: number;
  reasoning: number;
}

/** Counts estimated from the texts, or those the answer states. */
export function tokenCounts(
  model: CatalogueModel,
  promptText: string,
  answerText: string,
  stated: ModelAnswer["usage"] = {},
): TokenCounts {
  const completion = stated.output ?? countTokens(answerText);
  return {
    prompt: stated.input ?? countTokens(promptText),
    completion,
    reasoning: stated.reasoning ?? (isReasoningModel(model) ? completion * 4 + 96 : 0),
  };
}

/** Cost in USD ticks (1 cent = 10⁸ ticks), at grok-3-mini-like prices per 10⁸ tokens. */
export function costInUsdTicks(counts: TokenCounts): number {
  return counts.prompt * 3_000_00 + (counts.completion + counts.reasoning) * 5_000_00;
}

/** Chat-completions usage (also legacy completions): completion tokens exclude reasoning, the total includes it. */
export function chatUsage(counts: TokenCounts): Json {
  return {
    prompt_tokens: counts.prompt,
    completion_tokens: counts.completion,
    total_tokens: counts.prompt + counts.completion + counts.reasoning,
    prompt_tokens_details: { text_tokens: counts.prompt, audio_tokens: 0, image_tokens: 0, cached_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: counts.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
    num_sources_used: 0,
    cost_in_usd_ticks: costInUsdTicks(counts),
  };
}
