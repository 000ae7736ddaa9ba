/**
 * What the mock "model" answers, shared by the chat, responses and messages families: the text (or the structured
 * JSON, or the tool call) a request asks for, and token counts with xAI's arithmetic.
 *
 * Tool calls follow one documented rule. The answer is a call of a client-side function tool when
 * - `tool_choice` forces one (`"required"`, OpenAI's `{type: "function", …}`, Anthropic's `{type: "any"}` or
 *   `{type: "tool", name}`: the named tool, else the first), or
 * - `tool_choice` is `"auto"`/absent and the last user message mentions the tool: its name, or a word of four or more
 *   letters of its name (`get_weather` is called for "What's the weather in Paris?");
 * and never with `tool_choice: "none"` or when the conversation ends with a tool result — then the answer is text
 * that quotes the result, so a tool round (call → result → answer) completes. Arguments fit the tool's parameters
 * schema (`sample-from-schema.ts`).
 */
import type { CatalogueModel } from "../catalogue/models.ts";
import { tokenize } from "../sse/writer.ts";
import type { IdFactory } from "../stores/ids.ts";
import type { Json } from "./context.ts";
import { sampleFromSchema } from "./sample-from-schema.ts";

export interface ToolSpec {
  name: string;
  parameters: unknown;
}

export interface ToolCallAnswer {
  /** `call_` + 8 digits, as xAI's chat tool calls. */
  callId: string;
  name: string;
  arguments: string;
}

export type Answer = { kind: "text"; text: string; truncated: boolean } | { kind: "tool"; call: ToolCallAnswer };

/** Every text part of a message `content` in any family's shape (a string, or parts with `text`). */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) =>
      typeof part === "string" ? part : typeof part?.text === "string" ? part.text : textOf(part?.content),
    )
    .filter(Boolean)
    .join(" ");
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

/** The tool the answer calls, by the rule above; `forced` is undefined, "none", "any", or a tool name. */
export function chooseTool(
  tools: readonly ToolSpec[],
  forced: string | undefined,
  lastUserText: string | undefined,
  endsWithToolResult: boolean,
): ToolSpec | undefined {
  if (tools.length === 0 || forced === "none" || endsWithToolResult) return undefined;
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

export function callTool(tool: ToolSpec, ids: IdFactory): ToolCallAnswer {
  return {
    callId: toolCallId(ids),
    name: tool.name,
    arguments: JSON.stringify(sampleFromSchema(tool.parameters, tool.name)),
  };
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

/** Models that think before answering spend reasoning tokens (captures: grok-4, grok-3-mini, *-reasoning). */
export function reasoningTokensFor(model: CatalogueModel, completionTokens: number): number {
  if (/non-reasoning/.test(model.id) || !/grok-4|mini|reasoning|code/.test(model.id)) return 0;
  return completionTokens * 4 + 96;
}

/** Token counts of one answer, before each family arranges them its own way. */
export interface TokenCounts {
  prompt: number;
  completion: number;
  reasoning: number;
}

export function tokenCounts(model: CatalogueModel, promptText: string, answerText: string): TokenCounts {
  const completion = countTokens(answerText);
  return { prompt: countTokens(promptText), completion, reasoning: reasoningTokensFor(model, completion) };
}

/** Cost in USD ticks (1 cent = 10⁸ ticks), at grok-3-mini-like prices per 10⁸ tokens. */
export function costInUsdTicks(counts: TokenCounts): number {
  return counts.prompt * 3_000_00 + (counts.completion + counts.reasoning) * 5_000_00;
}

/** The requested output format: chat's `response_format`, or the Responses API's `text.format`. */
export interface OutputFormat {
  type?: string;
  schema?: unknown;
  name?: string;
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
