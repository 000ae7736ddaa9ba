/**
 * Sessions: a request carrying `x-mock-session: <id>` gets that session's stores (files, stored responses, deferred
 * completions, videos, fault budgets), fixtures and match counts, so tests running in parallel against one mock never
 * see each other's state. Requests without the header share the default session. Sessions are created on first
 * use and kept in a store capped by count: the least recently used is forgotten, with everything it held.
 */
import type { BehaviourState } from "../behaviours/context.ts";
import type { ResolvedOptions } from "../options.ts";
import type { ScenarioSession, Scenarios } from "../scenarios/index.ts";
import type { FileStore } from "./files.ts";
import type { IdFactory } from "./ids.ts";
import { clearStores, createStores, type Stores } from "./index.ts";
import { LruStore } from "./lru-store.ts";

export interface Session {
  /** null for the default session. */
  id: string | null;
  stores: Stores;
  state: BehaviourState;
  scenario: ScenarioSession;
}

/** Makes each session: its own stores, what the behaviours see of them, and its scenario state. */
export function sessionFactory(settings: ResolvedOptions, ids: IdFactory, scenarios: Scenarios) {
  const catalogue = scenarios.context.catalogue;
  return (id: string | null): Session => {
    const stores = createStores(settings, ids);
    const { faultBudgets: _, ...behaviourStores } = stores;
    return {
      id,
      stores,
      state: { ids, ...behaviourStores, streamDelayMs: settings.streamDelayMs, catalogue },
      scenario: scenarios.newSession((responseId) => stores.responses.get(responseId)),
    };
  };
}

const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export class Sessions {
  readonly default: Session;
  readonly #named: LruStore<Session>;

  constructor(
    private readonly create: (id: string | null) => Session,
    maxSessions: number,
  ) {
    this.default = create(null);
    this.#named = new LruStore({ maxEntries: maxSessions, maxBytes: Number.MAX_SAFE_INTEGER }, () => 1);
  }

  /** The session a request names (created on first use), or the default; throws a RangeError for a bad id. */
  get(id: string | undefined): Session {
    if (id === undefined) return this.default;
    if (!SESSION_ID.test(id)) {
      throw new RangeError(`x-mock-session must be 1–128 letters, digits or . _ : -, got '${id.slice(0, 140)}'`);
    }
    let session = this.#named.get(id);
    if (!session) {
      session = this.create(id);
      this.#named.set(id, session);
    }
    return session;
  }

  /** Every session's file store (public file URLs are fetched without a key, so without a session). */
  *fileStores(): IterableIterator<FileStore> {
    yield this.default.stores.files;
    for (const session of this.#named.values()) yield session.stores.files;
  }

  /** Forget what a session was told — its stores, fixtures added for it, match counts — keeping it. */
  static reset(session: Session): void {
    clearStores(session.stores);
    session.scenario.fixtures.reset();
    session.scenario.counts.clear();
  }

  /** Forget every named session and reset the default one. */
  clear(): void {
    this.#named.clear();
    Sessions.reset(this.default);
  }
}
