/**
 * The mock's control surface in code — fixtures added and reset at run time, the journal, sessions — shared by
 * `startMockServer()`'s handle, the `/__mock/` HTTP routes and the msw handlers.
 */
import { type CallQuery, expectCalled } from "./journal/expect.ts";
import type { Journal, JournalEntry, JournalFilter } from "./journal/journal.ts";
import type { FixtureSet, FixtureSummary, Scenarios } from "./scenarios/index.ts";
import type { Fixture } from "./scenarios/types.ts";

export interface FixtureControl {
  /** Check and add fixtures (after those already there); throws a `FixtureError` naming the first bad one. */
  add(fixtures: Fixture<any> | readonly Fixture<any>[]): void;
  /** Remove the fixtures added at run time (those the mock started with stay). */
  reset(): void;
  list(): FixtureSummary[];
}

export interface JournalControl {
  /** The exchanges kept, oldest first, that pass the filter. */
  entries(filter?: JournalFilter): JournalEntry[];
  /** Forget them; returns how many. */
  clear(): number;
  /** The calls matching `query`; throws listing every call unless there is one (or `query.times`). */
  expectCalled(query: CallQuery): JournalEntry[];
}

export function fixtureControl(scenarios: Scenarios, set: FixtureSet): FixtureControl {
  return {
    add: (fixtures) => set.add(scenarios.compile(Array.isArray(fixtures) ? fixtures : [fixtures])),
    reset: () => set.reset(),
    list: () => set.list(),
  };
}

const NO_ENTRIES: JournalEntry[] = [];

/** The journal, or one session's view of it (`session`: its id, or null for requests without one). */
export function journalControl(journal: Journal | undefined, session?: string | null): JournalControl {
  const scoped = (filter: JournalFilter = {}) => (session === undefined ? filter : { ...filter, session });
  const control: JournalControl = {
    entries: (filter) => journal?.entries(scoped(filter)) ?? NO_ENTRIES,
    clear: () => journal?.clear(session) ?? 0,
    expectCalled: (query) => expectCalled(control, query),
  };
  return control;
}
