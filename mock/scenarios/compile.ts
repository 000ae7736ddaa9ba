/**
 * Fixtures as the matcher uses them: the format checked (`format.ts`), operation names and models resolved against
 * the spec and the model catalogue, patterns compiled, answers turned into model answers, and every answer rendered
 * and checked against the effective spec (`check.ts`). Anything a fixture could never match or answer correctly is
 * a `FixtureError` naming its source and JSON path.
 */
import { operations } from "../../generated/operations.ts";
import type { ModelAnswer } from "../behaviours/answer.ts";
import { FAMILIES, FAMILY_OPERATIONS, familyOf } from "../behaviours/conversation.ts";
import type { ModelCatalogue } from "../catalogue/models.ts";
import type { SpecValidator } from "../contract/validator.ts";
import type { StreamPace } from "../sse/format.ts";
import { checkAnswer } from "./check.ts";
import { formatProblem } from "./format.ts";
import type { Fixture, FixtureAnswer, FixtureMatch, Pattern } from "./types.ts";

export class FixtureError extends Error {
  constructor(
    readonly source: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`fixtures ${source}: ${path}: ${problem}`);
    this.name = "FixtureError";
  }
}

export type CompiledAnswer = { latencyMs?: number } & (
  | { kind: "model"; answer: ModelAnswer; pace?: StreamPace }
  | { kind: "error"; status: number; message: string }
  | { kind: "body"; status: number; body: unknown }
);

/** The match criteria in their JSON form (patterns as `{ regex, flags }`), as listed by the control API. */
export type MatchDefinition = Omit<FixtureMatch, "model" | "content"> & {
  model?: string | { regex: string; flags?: string };
  content?: string | { regex: string; flags?: string };
};

export interface CompiledFixture {
  name: string;
  source: string;
  /** Its JSON path in its source (`$[3]`). */
  at: string;
  /** Position among all fixtures ever loaded: the earlier wins. */
  order: number;
  /** operationIds it serves. */
  operations: readonly string[];
  /** Catalogue ids it matches; undefined for any model. */
  models: ReadonlySet<string> | undefined;
  content: ((text: string) => boolean) | undefined;
  match: MatchDefinition;
  answers: readonly CompiledAnswer[];
  times: number | undefined;
}

export interface CompileContext {
  catalogue: ModelCatalogue;
  validator: SpecValidator;
  /** Where the fixtures came from: a file path, or a label for fixtures given in code. */
  source: string;
  /** The order of the first fixture. */
  firstOrder: number;
}

const OPERATION_IDS = new Set<string>(operations.map((op) => op.operationId));
const METHOD_OPERATIONS = new Map<string, string>(
  FAMILIES.map((f) => [FAMILY_OPERATIONS[f].method, FAMILY_OPERATIONS[f].operationId]),
);
const MODEL_ANSWER_FIELDS = ["text", "json", "reasoning", "toolCalls", "usage", "stream"] as const;
/** Criteria that only the three model families' requests carry. */
const CONVERSATION_CRITERIA = ["content", "tools", "tool", "toolResult", "toolCallId", "turn"] as const;

const isPattern = (value: unknown): value is Pattern =>
  value instanceof RegExp || (typeof value === "object" && value !== null && "regex" in value);

function toJsonPattern(value: unknown): unknown {
  return value instanceof RegExp ? { regex: value.source, flags: value.flags } : value;
}

/** RegExps (allowed in TypeScript) as `{ regex, flags }`, the form the format and the control API use. */
function normalise(fixtures: readonly unknown[]): unknown[] {
  return fixtures.map((fixture) => {
    const match = (fixture as Fixture | null)?.match;
    if (typeof fixture !== "object" || fixture === null || typeof match !== "object" || match === null) return fixture;
    const patterns = Object.fromEntries(
      (["model", "content"] as const)
        .filter((key) => match[key] !== undefined)
        .map((key) => [key, toJsonPattern(match[key])]),
    );
    return { ...fixture, match: { ...match, ...patterns } };
  });
}

function compilePattern(pattern: { regex: string; flags?: string }, fail: (problem: string) => never): RegExp {
  try {
    // A global or sticky pattern would carry lastIndex from one request to the next.
    return new RegExp(pattern.regex, (pattern.flags ?? "").replace(/[gy]/g, ""));
  } catch (error) {
    return fail(`the pattern does not compile: ${(error as Error).message}`);
  }
}

function operationIds(
  match: FixtureMatch,
  answers: readonly FixtureAnswer[],
  fail: (path: string, problem: string) => never,
) {
  const named = match.operation === undefined ? [] : ([] as string[]).concat(match.operation as string | string[]);
  const ids = named.map((name, index) => {
    const id = METHOD_OPERATIONS.get(name) ?? (OPERATION_IDS.has(name) ? name : undefined);
    if (id !== undefined) return id;
    const at = Array.isArray(match.operation) ? `match.operation[${index}]` : "match.operation";
    return fail(
      at,
      `no operation '${name}': name an operationId of the effective spec or one of ${[...METHOD_OPERATIONS.keys()].join(", ")}`,
    );
  });
  if (ids.length > 0) return [...new Set(ids)];
  if (answers.some((answer) => answer.body !== undefined)) {
    return fail("match.operation", "a `body` answer needs the operation it answers");
  }
  return FAMILIES.map((family) => FAMILY_OPERATIONS[family].operationId);
}

function modelAnswer(answer: FixtureAnswer, fail: (field: string, problem: string) => never): ModelAnswer {
  const toolCalls = (answer.toolCalls ?? []).map((call, index) => {
    let args = call.arguments ?? {};
    if (typeof args === "string") {
      try {
        args = JSON.parse(args) as Record<string, unknown>;
      } catch (error) {
        return fail(`toolCalls[${index}].arguments`, `not JSON: ${(error as Error).message}`);
      }
    }
    if (typeof args !== "object" || args === null || Array.isArray(args)) {
      return fail(`toolCalls[${index}].arguments`, "must be a JSON object (every family sends arguments as one)");
    }
    return { ...(call.id === undefined ? {} : { id: call.id }), name: call.name, arguments: JSON.stringify(args) };
  });
  if (answer.text !== undefined && answer.json !== undefined) fail("json", "give `text` or `json`, not both");
  if (toolCalls.length > 0 && (answer.text !== undefined || answer.json !== undefined)) {
    fail("toolCalls", "an answer with tool calls carries no text (`text`/`json`): put the text in the next answer");
  }
  const text = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? "");
  return {
    text,
    ...(answer.reasoning === undefined ? {} : { reasoning: answer.reasoning }),
    toolCalls,
    truncated: false,
    ...(answer.usage === undefined ? {} : { usage: answer.usage }),
  };
}

function compileAnswer(
  answer: FixtureAnswer,
  name: string,
  served: readonly string[],
  fail: (field: string, problem: string) => never,
): CompiledAnswer {
  const kinds = [
    answer.error !== undefined && "error",
    answer.body !== undefined && "body",
    MODEL_ANSWER_FIELDS.some((field) => answer[field] !== undefined) && "model",
  ].filter(Boolean);
  if (kinds.length > 1)
    fail("", `an answer is one of: a model answer, an \`error\`, a \`body\` (this one has ${kinds.join(" and ")})`);
  if (answer.status !== undefined && answer.body === undefined) fail("status", "`status` goes with a `body` answer");
  const latency = answer.latencyMs === undefined ? {} : { latencyMs: answer.latencyMs };
  if (answer.error) {
    const message = answer.error.message ?? `HTTP ${answer.error.status} scripted by fixture '${name}'.`;
    return { kind: "error", status: answer.error.status, message, ...latency };
  }
  if (answer.body !== undefined) return { kind: "body", status: answer.status ?? 200, body: answer.body, ...latency };
  const other = served.find((id) => familyOf(id) === undefined);
  if (other !== undefined) {
    fail(
      "",
      `a model answer (text, json, tool calls) answers only chat, responses and messages, not ${other}: use \`body\``,
    );
  }
  return {
    kind: "model",
    answer: modelAnswer(answer, fail),
    ...(answer.stream ? { pace: answer.stream } : {}),
    ...latency,
  };
}

function compileOne(fixture: Fixture, index: number, context: CompileContext): CompiledFixture {
  const at = `$[${index}]`;
  const fail = (path: string, problem: string): never => {
    throw new FixtureError(context.source, path ? `${at}.${path}` : at, problem);
  };
  const name = fixture.name ?? `${context.source}#${index}`;
  const match = (fixture.match ?? {}) as MatchDefinition;
  const answers: readonly FixtureAnswer[] = Array.isArray(fixture.respond) ? fixture.respond : [fixture.respond];
  const served = operationIds(fixture.match ?? {}, answers, fail);

  let models: Set<string> | undefined;
  if (typeof match.model === "string") {
    const model = context.catalogue.resolve(match.model);
    if (!model) {
      const known = context.catalogue.models.map((m) => m.id).join(", ");
      fail("match.model", `the model '${match.model}' is not in the model catalogue (${known})`);
    }
    models = new Set([model!.id]);
  } else if (isPattern(match.model)) {
    const pattern = compilePattern(match.model, (problem) => fail("match.model", problem));
    models = new Set(context.catalogue.models.filter((m) => pattern.test(m.id)).map((m) => m.id));
    if (models.size === 0) fail("match.model", `the pattern /${pattern.source}/ matches no model of the catalogue`);
  }

  let content: CompiledFixture["content"];
  if (typeof match.content === "string") {
    const needle = match.content;
    content = (text) => text.includes(needle);
  } else if (isPattern(match.content)) {
    const pattern = compilePattern(match.content, (problem) => fail("match.content", problem));
    content = (text) => pattern.test(text);
  }

  const conversational = CONVERSATION_CRITERIA.filter((criterion) => match[criterion] !== undefined);
  const nonFamily = served.find((id) => familyOf(id) === undefined);
  if (conversational.length > 0 && nonFamily !== undefined) {
    fail(
      `match.${conversational[0]}`,
      `only chat, responses and messages requests have it, and ${nonFamily} is served`,
    );
  }
  if (match.tools === false && match.tool !== undefined)
    fail("match.tool", "contradicts `tools: false`: it could never match");
  if (match.toolResult === false && match.toolCallId !== undefined) {
    fail("match.toolCallId", "contradicts `toolResult: false`: it could never match");
  }

  const compiled = answers.map((answer, i) =>
    compileAnswer(answer, name, served, (field, problem) =>
      fail(`${Array.isArray(fixture.respond) ? `respond[${i}]` : "respond"}${field ? `.${field}` : ""}`, problem),
    ),
  );
  const result: CompiledFixture = {
    name,
    source: context.source,
    at,
    order: context.firstOrder + index,
    operations: served,
    models,
    content,
    match,
    answers: compiled,
    times: fixture.times,
  };
  compiled.forEach((answer, i) => {
    const path = Array.isArray(fixture.respond) ? `respond[${i}]` : "respond";
    const problem = checkAnswer(result, answer, context);
    if (problem) fail(path, problem);
  });
  return result;
}

/** Whether `earlier` matches every request `later` matches: criteria it gives are the same or looser in `later`. */
function covers(earlier: CompiledFixture, later: CompiledFixture): boolean {
  if (earlier.times !== undefined) return false;
  if (!later.operations.every((operation) => earlier.operations.includes(operation))) return false;
  if (earlier.models && !(later.models && [...later.models].every((model) => earlier.models!.has(model)))) return false;
  return Object.entries(earlier.match).every(([key, value]) => {
    if (key === "operation" || key === "model" || value === undefined) return true;
    const other = later.match[key as keyof MatchDefinition];
    // A substring criterion is looser than one containing it ("order" matches whatever "order #5" matches).
    if (key === "content" && typeof value === "string" && typeof other === "string") return other.includes(value);
    return JSON.stringify(value) === JSON.stringify(other);
  });
}

/**
 * Throws a `FixtureError` for a fixture an earlier one always answers first (it gives no `times` and matches every
 * request the later one does): the later one could never match.
 */
export function checkShadowing(fixtures: readonly CompiledFixture[]): void {
  fixtures.forEach((later, index) => {
    const earlier = fixtures.slice(0, index).find((candidate) => covers(candidate, later));
    if (earlier === undefined) return;
    const where = earlier.source === later.source ? earlier.at : `${earlier.at} of ${earlier.source}`;
    throw new FixtureError(
      later.source,
      later.at,
      `it could never match: ${where} ('${earlier.name}') matches every request it does and answers first ` +
        "(give the earlier one `times`, or put this one before it)",
    );
  });
}

/** Check and compile a list of fixtures; throws a `FixtureError` for the first that is unusable. */
export function compileFixtures(fixtures: unknown, context: CompileContext): CompiledFixture[] {
  if (!Array.isArray(fixtures)) {
    throw new FixtureError(context.source, "$", "expected an array of fixtures, or an object with a `fixtures` array");
  }
  const normalised = normalise(fixtures);
  const problem = formatProblem(normalised);
  if (problem) throw new FixtureError(context.source, problem.path, problem.message);
  const compiled = (normalised as Fixture[]).map((fixture, index) => compileOne(fixture, index, context));
  const names = new Map<string, number>();
  compiled.forEach((fixture, index) => {
    const earlier = names.get(fixture.name);
    if (earlier !== undefined) {
      throw new FixtureError(context.source, `$[${index}].name`, `'${fixture.name}' already names $[${earlier}]`);
    }
    names.set(fixture.name, index);
  });
  checkShadowing(compiled);
  return compiled;
}
