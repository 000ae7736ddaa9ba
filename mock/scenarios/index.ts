/**
 * Scenarios: the fixtures a server was started with and those added at run time, per session, and the one question
 * the request pipeline (and the msw handlers) ask: does a fixture answer this request, and with what — or, in strict
 * mode, why does none. Plain JavaScript: files are read by `load.ts`, in Node only.
 */

import { type Conversation, familyOf, readConversation } from "../behaviours/conversation.ts";
import { asObject } from "../behaviours/json.ts";
import type { ModelCatalogue } from "../catalogue/models.ts";
import type { SpecValidator } from "../contract/validator.ts";
import { type CompiledFixture, checkShadowing, compileFixtures, type MatchDefinition } from "./compile.ts";
import { closestFixtures, FixtureIndex, MatchCounts, type Matched, pickFixture, type RequestFacts } from "./match.ts";

export { type CompiledAnswer, type CompiledFixture, FixtureError } from "./compile.ts";
export type { Matched } from "./match.ts";

/** A loaded fixture as the control API and `fixtures.list()` describe it. */
export interface FixtureSummary {
  name: string;
  source: string;
  operations: readonly string[];
  match: MatchDefinition;
  answers: number;
}

/** One scope's fixtures (the server's, or a session's): those it started with, then those added since. */
export class FixtureSet {
  #added: CompiledFixture[] = [];
  #index: FixtureIndex;

  constructor(readonly startup: readonly CompiledFixture[] = []) {
    this.#index = new FixtureIndex(startup);
  }

  get index(): FixtureIndex {
    return this.#index;
  }

  add(fixtures: readonly CompiledFixture[]): void {
    this.#added = [...this.#added, ...fixtures];
    this.#index = new FixtureIndex([...this.startup, ...this.#added]);
  }

  /** Back to the fixtures it started with. */
  reset(): void {
    if (this.#added.length === 0) return;
    this.#added = [];
    this.#index = new FixtureIndex(this.startup);
  }

  list(): FixtureSummary[] {
    return this.#index.fixtures.map((fixture) => ({
      name: fixture.name,
      source: fixture.source,
      operations: fixture.operations,
      match: fixture.match,
      answers: fixture.answers.length,
    }));
  }
}

/** What a session keeps of scenarios: its own fixtures, and how often each fixture has answered it. */
export interface ScenarioSession {
  fixtures: FixtureSet;
  counts: MatchCounts;
  /** The stored response a Responses request continues, to count a chain's turns. */
  storedResponse(id: string): unknown;
}

export type ScriptedOutcome =
  | { kind: "matched"; matched: Matched }
  | { kind: "unmatched" }
  /** Strict mode: no fixture answers a request fixtures could have answered. */
  | { kind: "refused"; status: 404; message: string };

export interface ScenarioRequest {
  operationId: string;
  body: unknown;
  testId: string | undefined;
}

const MAX_CHAIN = 1_000;

export class Scenarios {
  #order = 0;
  #adds = 0;
  readonly server: FixtureSet;

  constructor(
    readonly context: { catalogue: ModelCatalogue; validator: SpecValidator; strict: boolean },
    startup: readonly { source: string; fixtures: unknown }[] = [],
  ) {
    const compiled = startup.flatMap(({ source, fixtures }) => this.compile(fixtures, source));
    // Each source was checked on its own; a directory's files can also shadow one another.
    if (startup.length > 1) checkShadowing(compiled);
    this.server = new FixtureSet(compiled);
  }

  /** Check and compile fixtures; throws a `FixtureError` naming the source and JSON path of the first problem. */
  compile(fixtures: unknown, source?: string): CompiledFixture[] {
    const label = source ?? `fixtures.add #${++this.#adds}`;
    const compiled = compileFixtures(fixtures, { ...this.context, source: label, firstOrder: this.#order });
    this.#order += compiled.length;
    return compiled;
  }

  newSession(storedResponse: (id: string) => unknown): ScenarioSession {
    return { fixtures: new FixtureSet(), counts: new MatchCounts(), storedResponse };
  }

  /** The fixture answer for a request that passed the contract, if any. */
  script(request: ScenarioRequest, session: ScenarioSession): ScriptedOutcome {
    const indexes = [session.fixtures.index, this.server.index];
    const { operationId } = request;
    if (!indexes.some((index) => index.serves(operationId)) && !this.context.strict) return { kind: "unmatched" };
    const facts = this.#facts(request, session);
    const matched = pickFixture(indexes, facts, session.counts);
    if (matched) return { kind: "matched", matched };
    if (!this.context.strict || !(familyOf(operationId) || indexes.some((index) => index.serves(operationId)))) {
      return { kind: "unmatched" };
    }
    const closest = closestFixtures(indexes, facts);
    const what = facts.model ? `${operationId} for model ${facts.model}` : operationId;
    return {
      kind: "refused",
      status: 404,
      message:
        `No fixture matches this request (${what}) and the mock is strict. ` +
        (closest.length ? `Closest fixtures: ${closest.join("; ")}.` : "No fixture serves this operation."),
    };
  }

  #facts(request: ScenarioRequest, session: ScenarioSession): RequestFacts {
    const family = familyOf(request.operationId);
    const conversation: Conversation | undefined = family ? readConversation(family, request.body) : undefined;
    const name = asObject(request.body).model;
    const model = typeof name === "string" ? (this.context.catalogue.resolve(name)?.id ?? name) : undefined;
    return {
      operationId: request.operationId,
      model,
      conversation,
      testId: request.testId,
      turn: () => {
        let turns = conversation?.assistantTurns ?? 0;
        let previous = conversation?.previousResponseId;
        for (let i = 0; previous !== undefined && i < MAX_CHAIN; i++) {
          const stored = asObject(session.storedResponse(previous));
          if (stored.id === undefined) break;
          turns++;
          previous = typeof stored.previous_response_id === "string" ? stored.previous_response_id : undefined;
        }
        return turns;
      },
    };
  }
}
