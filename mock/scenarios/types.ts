/**
 * The fixture format: what a test scripts the mock to answer. A fixture file (JSON or YAML) holds an array of
 * fixtures, or `{ "fixtures": [...] }`; in TypeScript, `defineFixtures(...)` and `fixture(...)` type them, the
 * answers of an operation by its schema in `generated/openapi.ts`.
 *
 * A fixture matches a request when every criterion it gives holds (none given: every request of the operations it
 * serves); the first matching fixture answers, in the order they were loaded (fixtures added for a session before
 * the server's). It answers with one answer, or with a sequence: the n-th request it matches gets the n-th answer,
 * and the last one repeats. A model answer (text, JSON, tool calls, reasoning) is rendered in the shape of whichever
 * of chat completions, the Responses API and Messages the request used, streamed or not.
 */
import type { operations } from "../../generated/openapi.ts";
import type { StreamPace } from "../sse/format.ts";

export type OperationId = keyof operations;

/** The three families a model answer serves, by the client method that calls each. */
export type FamilyMethod = "chat.completions.create" | "responses.create" | "messages.create";

/** An operation by its operationId, or one of the three model families by its client method. */
export type FixtureOperation = OperationId | FamilyMethod;

/** A regular expression: a `RegExp` in TypeScript, `{ "regex": "…", "flags": "i" }` in JSON or YAML. */
export type Pattern = RegExp | { regex: string; flags?: string };

export interface FixtureMatch<Op extends FixtureOperation = FixtureOperation> {
  /** Default: the three model families (or, for a `body` answer, it must be named). */
  operation?: Op | readonly Op[];
  /** A model name (an alias counts as its model) or a pattern tested against every catalogue model's id. */
  model?: string | Pattern;
  /** The last user message's text: a substring to find, or a pattern. */
  content?: string | Pattern;
  /** The request offers function tools (true) or none (false). */
  tools?: boolean;
  /** The request offers a function tool of this name. */
  tool?: string;
  /** The conversation ends with a tool result (true) or does not (false). */
  toolResult?: boolean;
  /** The tool result the conversation ends with answers this call id (`tool_call_id`, `call_id`, `tool_use_id`). */
  toolCallId?: string;
  /** Assistant turns before this request: 0 for the first question, 1 after one answer (a tool call), … */
  turn?: number;
  /** The request's `x-mock-test-id` header. */
  testId?: string;
}

export interface FixtureToolCall {
  name: string;
  /** An object, or its JSON text. Default `{}`. */
  arguments?: Record<string, unknown> | string;
  /** Default: `call_` + 8 digits from the server's id sequence. */
  id?: string;
}

type JsonBodyOf<Op> = Op extends OperationId
  ? operations[Op] extends { responses: { 200: { content: { "application/json": infer Body } } } }
    ? Body
    : unknown
  : never;

export interface FixtureAnswer<Op extends FixtureOperation = FixtureOperation> {
  /** The model's text. */
  text?: string;
  /** A structured output: sent as its JSON text. */
  json?: unknown;
  /** Reasoning the model shows: chat's `reasoning_content`, a reasoning item's summary, a thinking block. */
  reasoning?: string;
  /** Function calls (chat `tool_calls` deltas with their `index`, Responses `function_call` items, `tool_use`). */
  toolCalls?: readonly FixtureToolCall[];
  /** Token counts to report instead of the estimated ones. */
  usage?: { input?: number; output?: number; reasoning?: number };
  /** An xAI error instead of an answer: `{"code", "error"}` with the status's code. */
  error?: { status: number; message?: string };
  /** Any operation: this JSON as the answer, checked against the operation's schema for `status`. */
  body?: JsonBodyOf<Op>;
  /** With `body`: the 2xx status it is sent with. Default 200. */
  status?: number;
  /** Wait this long before answering, ms. */
  latencyMs?: number;
  /** How a streamed answer arrives. */
  stream?: StreamPace;
}

export interface Fixture<Op extends FixtureOperation = FixtureOperation> {
  /** Named in the journal, in strict mode's "closest fixtures" and in load errors. Default `<source>#<index>`. */
  name?: string;
  match?: FixtureMatch<Op>;
  /** One answer, or a sequence (the n-th match gets the n-th answer; the last repeats). */
  respond: FixtureAnswer<Op> | readonly FixtureAnswer<Op>[];
  /** Match at most this many requests, then let the next fixture (or the default answer) have them. */
  times?: number;
}

/** Type one fixture; its `body` answers are typed by the operation it names. */
export function fixture<const Op extends FixtureOperation = FamilyMethod>(definition: Fixture<Op>): Fixture<Op> {
  return definition;
}

/** Type a list of fixtures (what a fixture file holds). */
export function defineFixtures(...fixtures: readonly Fixture<any>[]): Fixture[] {
  return [...fixtures];
}
