/**
 * Which fixture answers a request. Fixtures are indexed by operation and catalogue model (a pattern was resolved to
 * its models when loaded), so a request looks only at the fixtures of its operation and model, never scans every
 * pattern; among those the first whose every criterion holds wins. Sequences and `times` count per session.
 */
import type { Conversation } from "../behaviours/conversation.ts";
import type { CompiledAnswer, CompiledFixture } from "./compile.ts";

export interface RequestFacts {
  operationId: string;
  /** The catalogue id the request's model resolves to, else the name as sent. */
  model: string | undefined;
  /** For chat, responses and messages requests. */
  conversation: Conversation | undefined;
  testId: string | undefined;
  /** Assistant turns before this request, a Responses-API chain of stored responses included. */
  turn(): number;
}

interface OperationFixtures {
  byModel: Map<string, CompiledFixture[]>;
  anyModel: CompiledFixture[];
}

/** Two lists in load order, merged in load order. */
function merge(a: readonly CompiledFixture[], b: readonly CompiledFixture[]): CompiledFixture[] {
  const out: CompiledFixture[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.order < b[j]!.order)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

export class FixtureIndex {
  readonly #byOperation = new Map<string, OperationFixtures>();
  readonly #candidates = new Map<string, readonly CompiledFixture[]>();

  constructor(readonly fixtures: readonly CompiledFixture[]) {
    for (const fixture of [...fixtures].sort((a, b) => a.order - b.order)) {
      for (const operationId of fixture.operations) {
        let entry = this.#byOperation.get(operationId);
        if (!entry) {
          entry = { byModel: new Map(), anyModel: [] };
          this.#byOperation.set(operationId, entry);
        }
        if (!fixture.models) entry.anyModel.push(fixture);
        else {
          for (const model of fixture.models) {
            const list = entry.byModel.get(model) ?? [];
            list.push(fixture);
            entry.byModel.set(model, list);
          }
        }
      }
    }
  }

  serves(operationId: string): boolean {
    return this.#byOperation.has(operationId);
  }

  /** The fixtures that could answer this operation and model, in load order. */
  candidates(operationId: string, model: string | undefined): readonly CompiledFixture[] {
    const key = `${operationId}\n${model ?? ""}`;
    let list = this.#candidates.get(key);
    if (!list) {
      const entry = this.#byOperation.get(operationId);
      const byModel = model === undefined ? undefined : entry?.byModel.get(model);
      list = entry ? (byModel ? merge(byModel, entry.anyModel) : entry.anyModel) : [];
      // Model names come from requests: only catalogue ids (bounded) or misses are worth keeping.
      if (this.#candidates.size < 10_000) this.#candidates.set(key, list);
    }
    return list;
  }

  /** Every fixture serving the operation, in load order. */
  ofOperation(operationId: string): CompiledFixture[] {
    const entry = this.#byOperation.get(operationId);
    if (!entry) return [];
    return merge(
      [...new Set([...entry.byModel.values()].flat())].sort((a, b) => a.order - b.order),
      entry.anyModel,
    );
  }
}

const describePattern = (value: unknown) =>
  typeof value === "string" ? JSON.stringify(value) : `/${(value as { regex: string }).regex}/`;

interface Criterion {
  holds(fixture: CompiledFixture, facts: RequestFacts): boolean;
  /** Only for a criterion that does not hold: words are built when a miss is explained, never while matching. */
  describe(fixture: CompiledFixture, facts: RequestFacts): string;
}

/** Conversation criteria hold for a request that has no conversation (a fixture of another operation kind). */
const lastUserText = (facts: RequestFacts) => facts.conversation?.lastUserText ?? "";
const toolResultOf = (facts: RequestFacts) => facts.conversation?.toolResult;

/** Every criterion a fixture may set, in the order a miss is explained. */
const CRITERIA: readonly Criterion[] = [
  {
    holds: (fixture, facts) => fixture.operations.includes(facts.operationId),
    describe: (fixture) => `operation: serves ${fixture.operations.join(", ")}`,
  },
  {
    holds: (fixture, facts) => !fixture.models || (facts.model !== undefined && fixture.models.has(facts.model)),
    describe: (fixture, facts) =>
      `model: expected ${describePattern(fixture.match.model)}, got ${JSON.stringify(facts.model ?? null)}`,
  },
  {
    holds: ({ match }, facts) => match.testId === undefined || match.testId === facts.testId,
    describe: ({ match }, facts) =>
      `testId: expected ${JSON.stringify(match.testId)}, got ${JSON.stringify(facts.testId ?? null)}`,
  },
  {
    holds: (fixture, facts) => !facts.conversation || !fixture.content || fixture.content(lastUserText(facts)),
    describe: (fixture, facts) =>
      `content: expected ${describePattern(fixture.match.content)} in ${JSON.stringify(lastUserText(facts).slice(0, 60))}`,
  },
  {
    holds: ({ match }, { conversation }) =>
      !conversation || match.tools === undefined || match.tools === conversation.tools.length > 0,
    describe: ({ match }) => `tools: expected ${match.tools ? "some" : "none"}`,
  },
  {
    holds: ({ match }, { conversation }) =>
      !conversation || match.tool === undefined || conversation.tools.some((tool) => tool.name === match.tool),
    describe: ({ match }) => `tool: expected a tool named ${JSON.stringify(match.tool)}`,
  },
  {
    holds: ({ match }, facts) =>
      !facts.conversation || match.toolResult === undefined || match.toolResult === (toolResultOf(facts) !== undefined),
    describe: ({ match }) =>
      `toolResult: expected the conversation ${match.toolResult ? "to" : "not to"} end with a tool result`,
  },
  {
    holds: ({ match }, facts) =>
      !facts.conversation || match.toolCallId === undefined || toolResultOf(facts)?.callId === match.toolCallId,
    describe: ({ match }, facts) =>
      `toolCallId: expected ${JSON.stringify(match.toolCallId)}, got ${JSON.stringify(toolResultOf(facts)?.callId ?? null)}`,
  },
  {
    holds: ({ match }, facts) => !facts.conversation || match.turn === undefined || match.turn === facts.turn(),
    describe: ({ match }, facts) => `turn: expected ${match.turn}, got ${facts.turn()}`,
  },
];

/** Whether the request meets every criterion of `fixture`. */
export function matches(fixture: CompiledFixture, facts: RequestFacts): boolean {
  return CRITERIA.every((criterion) => criterion.holds(fixture, facts));
}

/** The criteria of `fixture` that the request fails, in words; empty when it matches. */
export function mismatches(fixture: CompiledFixture, facts: RequestFacts): string[] {
  return CRITERIA.filter((criterion) => !criterion.holds(fixture, facts)).map((criterion) =>
    criterion.describe(fixture, facts),
  );
}

/** How often each fixture has answered, for sequences and `times`: one per session. */
export class MatchCounts {
  readonly #counts = new Map<CompiledFixture, number>();

  get(fixture: CompiledFixture): number {
    return this.#counts.get(fixture) ?? 0;
  }

  take(fixture: CompiledFixture): number {
    const count = this.get(fixture) + 1;
    this.#counts.set(fixture, count);
    return count;
  }

  clear(): void {
    this.#counts.clear();
  }
}

export interface Matched {
  fixture: CompiledFixture;
  answer: CompiledAnswer;
}

/** The first fixture of `indexes` (searched in order) that matches and has answers left; counts the match. */
export function pickFixture(
  indexes: readonly FixtureIndex[],
  facts: RequestFacts,
  counts: MatchCounts,
): Matched | undefined {
  for (const index of indexes) {
    for (const fixture of index.candidates(facts.operationId, facts.model)) {
      if (fixture.times !== undefined && counts.get(fixture) >= fixture.times) continue;
      if (!matches(fixture, facts)) continue;
      const count = counts.take(fixture);
      return { fixture, answer: fixture.answers[Math.min(count, fixture.answers.length) - 1]! };
    }
  }
  return undefined;
}

/** Why no fixture matched: the (at most three) fixtures of the operation failing the fewest criteria, and how. */
export function closestFixtures(indexes: readonly FixtureIndex[], facts: RequestFacts): string[] {
  const scored = indexes
    .flatMap((index) => index.ofOperation(facts.operationId))
    .map((fixture) => ({ fixture, failed: mismatches(fixture, facts) }));
  return scored
    .sort((a, b) => a.failed.length - b.failed.length || a.fixture.order - b.fixture.order)
    .slice(0, 3)
    .map(({ fixture, failed }) => `'${fixture.name}' (${failed.join("; ") || "used up: its `times` are spent"})`);
}
