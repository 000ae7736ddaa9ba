/**
 * The journal: every exchange the mock answered (its control routes and media excepted) — method, path, query,
 * headers and body with secrets removed, the operation and the fixture that answered, status and timing — kept in
 * a store capped by count and bytes (oldest forgotten first), readable with filters in-process and through
 * `GET /__mock/journal`.
 *
 * Recording only queues the exchange. Redaction and serialisation run over the queue a little later, or at once when
 * anything reads or clears the journal: run back to back, that work stays in the CPU's caches; run between the rest
 * of each request's work, it cost several times as much.
 */
import { queryOf } from "../http/target.ts";
import { FifoStore } from "../stores/fifo-store.ts";
import type { StoreLimits } from "../stores/lru-store.ts";
import { credentialsOf, redactHeaders, redactText, redactValue } from "./redact.ts";

export interface JournalEntry {
  /** Position in the server's sequence of exchanges, from 1. */
  seq: number;
  /** When the request arrived, ISO 8601. */
  time: string;
  /** The `x-mock-session` the request carried, or null. */
  session: string | null;
  method: string;
  /** The path as sent, without the query. */
  path: string;
  query: Record<string, string | string[]>;
  /** The operationId the request was routed to, or null (unknown path, refused before routing). */
  operation: string | null;
  headers: Record<string, string>;
  /** The parsed JSON body, the text of other media, an upload's fields (the file as `{ filename, size }`). */
  body: unknown;
  /** The name of the fixture that answered, or null. */
  fixture: string | null;
  /** The status sent, or null when no response was sent (a reset connection). */
  status: number | null;
  durationMs: number;
}

export interface JournalFilter {
  /** The path as sent, exactly. */
  path?: string;
  /** An operationId, or a family's client method (`chat.completions.create`). */
  operation?: string;
  status?: number;
  /** A session's entries; `null` for those without one. */
  session?: string | null;
  /** Entries after this one: a `seq`, or an ISO time (entries at or after it). */
  since?: number | string;
}

/** What a request told the journal; the journal redacts it. */
export interface ExchangeRecord {
  time: number;
  session: string | null;
  method: string;
  path: string;
  /** The query string as sent, without its `?`. */
  search: string;
  operation: string | null;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  fixture: string | null;
  status: number | null;
  durationMs: number;
}

/** Aliases callers may filter by: the three model families' client methods. */
export type OperationAliases = ReadonlyMap<string, string>;

/**
 * What the journal keeps of an entry: the fields filters read, and the rest of the entry as JSON — one string the
 * collector moves as a unit instead of an object graph per exchange (the store holds up to 10,000 of them); entries
 * are parsed when read, so a reader gets its own copy.
 */
interface KeptEntry {
  seq: number;
  time: number;
  path: string;
  operation: string | null;
  status: number | null;
  session: string | null;
  json: string;
}

/** How long an exchange may wait in the queue; reads never wait, they empty it first. */
const QUEUED_MS = 25;
/** Past this many queued exchanges the queue is emptied at once, so a flood holds no more than this unredacted. */
const MAX_QUEUED = 1_000;

export class Journal {
  readonly #kept: FifoStore<KeptEntry>;
  #queued: ExchangeRecord[] = [];
  #seq = 0;

  constructor(
    limits: StoreLimits,
    private readonly aliases: OperationAliases = new Map(),
  ) {
    this.#kept = new FifoStore(limits);
  }

  /** Queue an exchange; it is in every read from now on. */
  record(exchange: ExchangeRecord): void {
    this.#queued.push(exchange);
    if (this.#queued.length === 1) {
      const timer: { unref?: () => void } | number = setTimeout(this.#flush, QUEUED_MS);
      // In Node and Bun the queue does not keep a process alive that is otherwise done.
      if (typeof timer === "object") timer.unref?.();
    } else if (this.#queued.length >= MAX_QUEUED) this.#flush();
  }

  readonly #flush = (): void => {
    const queued = this.#queued;
    this.#queued = [];
    for (const exchange of queued) this.#keep(exchange);
  };

  #keep(exchange: ExchangeRecord): void {
    const { tokens, inUrls, inJson } = credentialsOf(exchange.headers);
    const seq = ++this.#seq;
    const { time, session, path, operation, status } = exchange;
    const entry: Omit<JournalEntry, "seq" | "time"> = {
      session,
      method: exchange.method,
      path,
      query: queryOf(new URLSearchParams(exchange.search)),
      operation,
      headers: redactHeaders(exchange.headers, tokens),
      body: exchange.body,
      fixture: exchange.fixture,
      status,
      durationMs: Math.round(exchange.durationMs * 1000) / 1000,
    };
    let json = JSON.stringify(entry);
    // The key is rarely anywhere but its header: look for it in the text before walking the body for it.
    if (inJson.some((secret) => json.includes(secret))) {
      entry.path = redactText(path, inUrls);
      entry.query = redactValue(entry.query, inUrls);
      entry.body = redactValue(exchange.body, tokens);
      json = JSON.stringify(entry);
    }
    this.#kept.push(
      { seq, time, path: entry.path, operation, status, session, json },
      json.length + entry.path.length + 64,
    );
  }

  /** The entries kept, oldest first, that pass every filter given. */
  entries(filter: JournalFilter = {}): JournalEntry[] {
    const operation =
      filter.operation === undefined ? undefined : (this.aliases.get(filter.operation) ?? filter.operation);
    this.#flush();
    const since = filter.since;
    const sinceTime = typeof since === "string" ? Date.parse(since) : undefined;
    const out: JournalEntry[] = [];
    for (const kept of this.#kept.values()) {
      if (filter.path !== undefined && kept.path !== filter.path) continue;
      if (operation !== undefined && kept.operation !== operation) continue;
      if (filter.status !== undefined && kept.status !== filter.status) continue;
      if (filter.session !== undefined && kept.session !== filter.session) continue;
      if (typeof since === "number" && kept.seq <= since) continue;
      if (sinceTime !== undefined && kept.time < sinceTime) continue;
      out.push({ seq: kept.seq, time: new Date(kept.time).toISOString(), ...JSON.parse(kept.json) });
    }
    return out;
  }

  /** Forget the entries of one session (`null`: those without one), or every entry; returns how many. */
  clear(session?: string | null): number {
    this.#flush();
    return this.#kept.remove(session === undefined ? undefined : (kept) => kept.session === session);
  }
}
