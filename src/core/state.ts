import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.ts";
import type { Deadlines } from "./deadlines.ts";
import type { XaiError } from "./errors.ts";
import type { Redact } from "./redact.ts";

/** 64 MiB: far above any real xAI answer, far below what would exhaust memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

/** The per-client state every resource shares. It never holds the API key itself, only a redactor. */
export interface Core {
  readonly raw: Client<paths>;
  /** The custom fetch, or undefined for globalThis.fetch (looked up per call, so it can be stubbed). */
  readonly fetch: Fetch | undefined;
  /**
   * Pass each attempt's AbortSignal as fetch's `init.signal` rather than on the Request: it spares undici a second
   * signal to follow per call (measured ~20 % of a call). Only for fetches that take an init argument —
   * globalThis.fetch, or a custom fetch declaring a second parameter.
   */
  readonly signalInInit: boolean;
  readonly deadlines: Deadlines;
  readonly timeout: number;
  readonly totalTimeout: number;
  readonly maxRetries: number;
  readonly maxResponseBytes: number;
  readonly onRetry: ((info: RetryInfo) => void) | undefined;
  readonly redact: Redact;
}

/** Per-call options, the optional last argument of every method; each overrides the client's option of that name. */
export interface RequestOptions {
  /** Aborts the request (and any pending retry); the promise rejects with APIUserAbortError. */
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds per attempt (Infinity: none). For streams and downloads it bounds the wait for headers and then
   * each wait for the next chunk.
   */
  timeout?: number | undefined;
  /** Milliseconds for the whole call: every attempt and every wait between them (Infinity: none). */
  totalTimeout?: number | undefined;
  /** Retries after the first attempt. */
  maxRetries?: number | undefined;
  /** Largest response body, or stream event, the client buffers (Infinity: no limit). */
  maxResponseBytes?: number | undefined;
  /** Extra headers for this call; `null` removes a default header. */
  headers?: Record<string, string | null | undefined> | undefined;
}

/** What `onRetry` sees before each retry. The URL never carries credentials (createXai refuses them). */
export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** Why the previous attempt failed: an APIError, APIConnectionError or APIConnectionTimeoutError. */
  error: XaiError;
  status: number | undefined;
  method: string;
  url: string;
}
