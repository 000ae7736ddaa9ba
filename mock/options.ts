/** What `startMockServer` and the `xai-mock` CLI can be told, and every default, stated once. */
import { type ErrorCodeDialect, MAX_UPLOAD_BYTES } from "../src/api-facts.ts";
import type { ModelEntry } from "./catalogue/models.ts";
import type { Fixture } from "./scenarios/types.ts";
import type { StoreLimits } from "./stores/lru-store.ts";

/** The mock's stores; each is capped by entry count and by bytes, least recently used forgotten first. */
export const STORE_NAMES = ["files", "responses", "deferred", "videos", "images", "skills", "faultBudgets"] as const;
export type StoreName = (typeof STORE_NAMES)[number];

export interface MockServerOptions {
  /** Interface to bind; loopback by default. */
  host?: string;
  /** Port to bind; 0 picks a free one. Default 4010. */
  port?: number;
  /** Seed for generated ids and `Prefer: dynamic=true` bodies. Default "xai-mock". */
  seed?: string;
  /** Pause between streamed events, ms. Default 0 in-process, 20 from the CLI (so a human sees tokens arrive). */
  streamDelayMs?: number;
  /** Polls a deferred completion (or deferred image) answers 202 before its 200. Default 2. */
  deferredPolls?: number;
  /** Polls a video job stays pending before done/failed. Default 3. */
  videoPolls?: number;
  /** Largest JSON/text request body, bytes. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Largest uploaded file, bytes. Default 50 MiB, as the API. */
  maxFileBytes?: number;
  /** Caps of each store, per limit; what is not given keeps its default (see {@link DEFAULT_STORE_LIMITS}). */
  stores?: { [name in StoreName]?: Partial<StoreLimits> };
  /** A client must have sent a request's headers this long after it began. Default 10 s. */
  headersTimeoutMs?: number;
  /** A client must have sent a whole request (headers and body) this long after it began. Default 120 s. */
  requestTimeoutMs?: number;
  /** A connection with no traffic either way for this long is closed. Default 120 s; must exceed `streamDelayMs`. */
  idleTimeoutMs?: number;
  /** Receives one line per request (method, path, status, ms) — never headers, bodies or the caller's key. */
  log?: (line: string) => void;
  /** Answer CORS preflights and allow any origin, as the Prism CLI does. Default true. */
  cors?: boolean;
  /**
   * How error bodies spell `code`: "kebab" (`not-found`, the newest captures) or "grpc" (`Some requested entity was
   * not found`, the older captures). Default "kebab".
   */
  errorDialect?: ErrorCodeDialect;
  /**
   * The model catalogue: entries, or the path of a JSON file holding them (`[{ "id", "kind", "aliases"? }]`).
   * Default: the spec's example models and those api.x.ai was seen to serve (catalogue/observed.ts). Requests naming any other model get xAI's 404.
   */
  models?: string | readonly ModelEntry[];
  /**
   * Fixtures that script answers (`mock/scenarios/types.ts`): a JSON or YAML file, a directory of them, or the
   * fixtures themselves. Each is checked against the effective spec now: a bad one stops start-up naming its file
   * and JSON path. More can be added at run time (`mock.fixtures.add`, `POST /__mock/fixtures`).
   */
  fixtures?: string | readonly Fixture<any>[];
  /**
   * A chat, Responses or Messages request (or one of an operation a fixture names) that no fixture matches fails
   * with a 404 naming the closest fixtures, instead of getting the mock's own answer. Default false.
   */
  strict?: boolean;
  /** The journal's caps (oldest entries forgotten first), or false to keep no journal. Default 10,000 entries, 8 MiB. */
  journal?: false | Partial<StoreLimits>;
  /** Sessions (`x-mock-session`) kept at once, each with its own stores; the least recently used is forgotten. Default 100. */
  maxSessions?: number;
  /**
   * A directory of cassettes (`xai-mock record`) to answer from: a request matching a recorded one gets the recorded
   * answer; any other is answered by the mock as usual (or refused, with `replayStrict`).
   */
  replay?: string;
  /** Pace of replayed answers: 1 as recorded (default), 2 twice as fast, 0.5 half as fast, 0 without waiting. */
  replaySpeed?: number;
  /** With `replay`, answer a request no cassette matches with a 404 instead of the mock's answer. Default false. */
  replayStrict?: boolean;
}

type WithoutDefault = "log" | "models" | "fixtures" | "replay";
export type ResolvedOptions = Required<Omit<MockServerOptions, WithoutDefault | "stores" | "journal">> &
  Pick<MockServerOptions, WithoutDefault> & { stores: Record<StoreName, StoreLimits>; journal: StoreLimits | false };

const MiB = 1024 * 1024;

/**
 * Room for what tests and a day of development keep, small enough that a mock with every store full stays under
 * 400 MB (`bench/mock-hostile.bench.ts`): 10,000 entries per store; files 128 MiB (two uploads of the API's 50 MiB
 * maximum); skills 64 MiB (one 50 MiB zip); stored responses, deferred completions, video and image jobs 16 MiB of
 * JSON each (a typical stored response is about 1 KB of JSON and 2 KB parsed, so the entry count binds first); fault
 * budgets 4 MiB (a key is a short test name: 10,000 keys of 400 characters fit).
 */
export const DEFAULT_STORE_LIMITS: Record<StoreName, StoreLimits> = {
  files: { maxEntries: 10_000, maxBytes: 128 * MiB },
  responses: { maxEntries: 10_000, maxBytes: 16 * MiB },
  deferred: { maxEntries: 10_000, maxBytes: 16 * MiB },
  videos: { maxEntries: 10_000, maxBytes: 16 * MiB },
  images: { maxEntries: 10_000, maxBytes: 16 * MiB },
  skills: { maxEntries: 10_000, maxBytes: 64 * MiB },
  faultBudgets: { maxEntries: 10_000, maxBytes: 4 * MiB },
};

/**
 * Room for a long test run's requests (a chat request is 1–10 KB of JSON). The bytes bind under hostile traffic: at
 * 32 MiB, issue 16's suite (50,000 requests with 8 KB headers among them) left the mock at 503 MB against its 400 MB
 * bound; at 8 MiB, 318 MB.
 */
export const DEFAULT_JOURNAL_LIMITS: StoreLimits = { maxEntries: 10_000, maxBytes: 8 * MiB };

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 4010,
  seed: "xai-mock",
  streamDelayMs: 0,
  deferredPolls: 2,
  videoPolls: 3,
  maxBodyBytes: 10 * MiB,
  maxFileBytes: MAX_UPLOAD_BYTES,
  stores: DEFAULT_STORE_LIMITS,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 120_000,
  cors: true,
  errorDialect: "kebab",
  strict: false,
  journal: DEFAULT_JOURNAL_LIMITS,
  maxSessions: 100,
  replaySpeed: 1,
  replayStrict: false,
} as const satisfies Omit<ResolvedOptions, WithoutDefault>;

/** Replay paces besides 0 (no waiting): slower than `min` turns a recorded second into minutes. */
export const REPLAY_SPEEDS = { min: 0.01, max: 1000 } as const;

/** The CLI serves people watching a terminal: streamed tokens arrive at a visible pace. */
export const CLI_DEFAULTS = { ...DEFAULTS, streamDelayMs: 20 } as const;

function positiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

function resolveLimits(given: Partial<StoreLimits>, defaults: StoreLimits, name: string): StoreLimits {
  const limits = { ...defaults };
  for (const [limit, value] of Object.entries(given)) {
    if (!(limit in limits)) throw new RangeError(`Unknown limit '${name}.${limit}': use maxEntries, maxBytes`);
    if (value === undefined) continue;
    positiveInteger(value, `${name}.${limit}`);
    limits[limit as keyof StoreLimits] = value;
  }
  return limits;
}

function resolveStores(given: MockServerOptions["stores"] = {}): Record<StoreName, StoreLimits> {
  for (const name of Object.keys(given)) {
    if (!STORE_NAMES.includes(name as StoreName)) {
      throw new RangeError(`Unknown store 'stores.${name}': the stores are ${STORE_NAMES.join(", ")}`);
    }
  }
  const stores = {} as Record<StoreName, StoreLimits>;
  for (const name of STORE_NAMES)
    stores[name] = resolveLimits(given[name] ?? {}, DEFAULT_STORE_LIMITS[name], `stores.${name}`);
  return stores;
}

/** The options with every default filled in; throws a RangeError naming the first option that cannot work. */
export function resolveOptions(options: MockServerOptions): ResolvedOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const journal =
    options.journal === false ? false : resolveLimits(options.journal ?? {}, DEFAULT_JOURNAL_LIMITS, "journal");
  const resolved: ResolvedOptions = { ...DEFAULTS, ...defined, stores: resolveStores(options.stores), journal };
  for (const name of ["headersTimeoutMs", "requestTimeoutMs", "idleTimeoutMs", "maxSessions"] as const) {
    positiveInteger(resolved[name], name);
  }
  if (resolved.headersTimeoutMs > resolved.requestTimeoutMs) {
    throw new RangeError(
      `headersTimeoutMs (${resolved.headersTimeoutMs}) must not exceed requestTimeoutMs (${resolved.requestTimeoutMs})`,
    );
  }
  if (resolved.idleTimeoutMs <= resolved.streamDelayMs) {
    throw new RangeError(
      `idleTimeoutMs (${resolved.idleTimeoutMs}) must exceed streamDelayMs (${resolved.streamDelayMs}), or streams would be cut`,
    );
  }
  const speed = resolved.replaySpeed;
  if (!(speed === 0 || (speed >= REPLAY_SPEEDS.min && speed <= REPLAY_SPEEDS.max))) {
    throw new RangeError(
      `replaySpeed must be 0 (no waiting) or between ${REPLAY_SPEEDS.min} and ${REPLAY_SPEEDS.max}, got ${speed}`,
    );
  }
  if (resolved.stores.files.maxBytes < resolved.maxFileBytes) {
    throw new RangeError(
      `stores.files.maxBytes (${resolved.stores.files.maxBytes}) must be at least maxFileBytes (${resolved.maxFileBytes}), or the largest upload could never be kept`,
    );
  }
  return resolved;
}
