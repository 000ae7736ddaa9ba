/**
 * The journal: every exchange the mock answered (its control routes and media excepted) — method, path, query,
 * headers and body with secrets removed, the operation and the fixture that answered, status and timing — kept in
 * a store capped by count and bytes (oldest forgotten first), readable with filters in-process and through
 * `GET /__mock/journal`.
 */
import { LruStore, type StoreLimits } from "../stores/lru-store.ts";
import { credentialTokens, redactHeaders, redactText, redactValue } from "./redact.ts";

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
  query: Record<string, string | string[]>;
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
 * What the journal keeps of an entry: the fields filters read, and the whole entry as JSON — one string the collector
 * moves as a unit instead of an object graph per exchange (the store holds up to 10,000 of them); entries are parsed
 * when read, so a reader gets its own copy.
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

export class Journal {
  readonly #entries: LruStore<KeptEntry>;
  #seq = 0;

  constructor(
    limits: StoreLimits,
    private readonly aliases: OperationAliases = new Map(),
  ) {
    this.#entries = new LruStore(limits, (kept) => kept.json.length + kept.path.length + 64);
  }

  record(exchange: ExchangeRecord): JournalEntry {
    const secrets = credentialTokens(exchange.headers);
    const inPaths = [...secrets, ...secrets.map(encodeURIComponent).filter((s, i) => s !== secrets[i])];
    const entry: JournalEntry = {
      seq: ++this.#seq,
      time: new Date(exchange.time).toISOString(),
      session: exchange.session,
      method: exchange.method,
      path: redactText(exchange.path, inPaths),
      query: redactValue(exchange.query, inPaths),
      operation: exchange.operation,
      headers: redactHeaders(exchange.headers, secrets),
      body: redactValue(exchange.body, secrets),
      fixture: exchange.fixture,
      status: exchange.status,
      durationMs: Math.round(exchange.durationMs * 1000) / 1000,
    };
    const { seq, path, operation, status, session } = entry;
    const json = JSON.stringify(entry);
    this.#entries.set(String(seq), { seq, time: exchange.time, path, operation, status, session, json });
    return entry;
  }

  /** The entries kept, oldest first, that pass every filter given. */
  entries(filter: JournalFilter = {}): JournalEntry[] {
    const operation =
      filter.operation === undefined ? undefined : (this.aliases.get(filter.operation) ?? filter.operation);
    const since = filter.since;
    const sinceTime = typeof since === "string" ? Date.parse(since) : undefined;
    const out: JournalEntry[] = [];
    for (const kept of this.#entries.values()) {
      if (filter.path !== undefined && kept.path !== filter.path) continue;
      if (operation !== undefined && kept.operation !== operation) continue;
      if (filter.status !== undefined && kept.status !== filter.status) continue;
      if (filter.session !== undefined && kept.session !== filter.session) continue;
      if (typeof since === "number" && kept.seq <= since) continue;
      if (sinceTime !== undefined && kept.time < sinceTime) continue;
      out.push(JSON.parse(kept.json));
    }
    return out;
  }

  /** Forget the entries of one session (`null`: those without one), or every entry; returns how many. */
  clear(session?: string | null): number {
    if (session === undefined) {
      const count = this.#entries.size;
      this.#entries.clear();
      return count;
    }
    const doomed = [...this.#entries.values()].filter((kept) => kept.session === session);
    for (const kept of doomed) this.#entries.delete(String(kept.seq));
    return doomed.length;
  }
}
