/** What `startMockServer` and the `xai-mock` CLI can be told, and every default, stated once. */
import { type ErrorCodeDialect, MAX_UPLOAD_BYTES } from "../src/api-facts.ts";
import type { ModelEntry } from "./catalogue/models.ts";

export interface MockServerOptions {
  /** Interface to bind; loopback by default. */
  host?: string;
  /** Port to bind; 0 picks a free one. Default 4010. */
  port?: number;
  /** Seed for generated ids and `Prefer: dynamic=true` bodies. Default "xai-mock". */
  seed?: string;
  /** Pause between streamed events, ms. Default 0 in-process, 20 from the CLI (so a human sees tokens arrive). */
  streamDelayMs?: number;
  /** Polls a deferred completion answers 202 before its 200. Default 2. */
  deferredPolls?: number;
  /** Polls a video job stays pending before done/failed. Default 3. */
  videoPolls?: number;
  /** Largest JSON/text request body, bytes. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Largest uploaded file, bytes. Default 50 MiB, as the API. */
  maxFileBytes?: number;
  /** Receives one line per request (method, path, status, ms) — never headers or bodies. */
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
}

type WithoutDefault = "log" | "models";
export type ResolvedOptions = Required<Omit<MockServerOptions, WithoutDefault>> &
  Pick<MockServerOptions, WithoutDefault>;

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 4010,
  seed: "xai-mock",
  streamDelayMs: 0,
  deferredPolls: 2,
  videoPolls: 3,
  maxBodyBytes: 10 * 1024 * 1024,
  maxFileBytes: MAX_UPLOAD_BYTES,
  cors: true,
  errorDialect: "kebab",
} as const satisfies Required<Omit<MockServerOptions, WithoutDefault>>;

/** The CLI serves people watching a terminal: streamed tokens arrive at a visible pace. */
export const CLI_DEFAULTS = { ...DEFAULTS, streamDelayMs: 20 } as const;

export function resolveOptions(options: MockServerOptions): ResolvedOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...DEFAULTS, ...defined } as ResolvedOptions;
}
