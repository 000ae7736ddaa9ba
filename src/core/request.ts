import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.ts";
import { APIPromise, type APIResult } from "./api-promise.ts";
import type { Deadline, Deadlines, Expirable } from "./deadlines.ts";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  type APIError,
  APIUserAbortError,
  makeAPIError,
  XaiError,
} from "./errors.ts";
import { isRetryable, retryDelayMs } from "./retry.ts";

/** Per-call options, the optional last argument of every method. */
export interface RequestOptions {
  /** Aborts the request (and any pending retry); the promise rejects with APIUserAbortError. */
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds per attempt (Infinity: none); overrides the client's `timeout`. For streams and downloads
   * it bounds the wait for headers and then each wait for the next chunk.
   */
  timeout?: number | undefined;
  /** Retries after the first attempt; overrides the client's `maxRetries`. */
  maxRetries?: number | undefined;
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

/** The per-client state every resource shares. It never holds the API key itself, only a redactor. */
export interface Core {
  readonly raw: Client<paths>;
  /** The custom fetch, or undefined for globalThis.fetch (looked up per call, so it can be stubbed). */
  readonly fetch: Fetch | undefined;
  /**
   * Pass each attempt's AbortSignal as fetch's `init.signal` rather than on the Request: it spares
   * undici a second signal to follow per call (measured ~20 % of a call). Only for fetches that take
   * an init argument — globalThis.fetch, or a custom fetch declaring a second parameter.
   */
  readonly signalInInit: boolean;
  readonly deadlines: Deadlines;
  /**
   * The attempt whose openapi-fetch call is being started. openapi-fetch calls fetch synchronously
   * (when no middleware is registered), so `dispatch` picks it up without a per-call `fetch` option:
   * any init object passed to openapi-fetch measurably slows its call (~10 % on Node 20).
   */
  starting: Exchange | undefined;
  /** Set once middleware is registered on `raw`: fetch may then run later, so attempts pass their own. */
  middleware: boolean;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly onRetry: ((info: RetryInfo) => void) | undefined;
  /** Replaces the API key in any text with "[redacted]". */
  readonly redact: (text: string) => string;
}

/**
 * What the pipeline hands each attempt: spread it into the openapi-fetch call's init, or pass it as
 * the init of a parameterless call. Usually empty. (A type alias, not an interface, so it fits
 * openapi-fetch's index-signature init for parameterless paths.)
 */
export type AttemptInit = {
  signal?: AbortSignal;
  headers?: RequestOptions["headers"];
  fetch?: (input: Request) => Promise<Response>;
};

const NO_INIT: AttemptInit = Object.freeze({});

/** The fetch given to openapi-fetch: routes a request to the attempt that started it (see Core.starting). */
export function dispatch(core: Core, request: Request): Promise<Response> {
  const exchange = core.starting;
  core.starting = undefined;
  return exchange ? exchange.fetch(request) : (core.fetch ?? globalThis.fetch)(request);
}

export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

/** One openapi-fetch call, e.g. `(init) => core.raw.GET("/v1/models", init)`. */
export type Attempt<T> = (init: AttemptInit) => Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * Runs one operation through openapi-fetch with timeout, caller signal, retries and typed errors.
 *
 * - JSON (default `parseAs`): resolves once the body is parsed; the timeout covers the whole exchange.
 * - `parseAs: "stream"` in the openapi-fetch call: resolves when headers arrive with `data` = the body
 *   as a ReadableStream (read `data`, not `response.body`). The timeout covers the wait for headers,
 *   then each wait for the next chunk (idle timeout: APIConnectionTimeoutError); the caller's signal
 *   keeps aborting the request until the stream ends; cancelling `data` (e.g. `break` out of an SSE
 *   loop) aborts the request. Read errors surface as APIUserAbortError or APIConnectionError. A response is never retried once returned, so a stream never restarts.
 * - Bodies: JSON objects, FormData, Blob, ArrayBuffer(View), URLSearchParams and ReadableStream are
 *   sent as given (set `content-type` via `headers` for binary ones; pass `duplex: "half"` with a
 *   ReadableStream). Pass `oneShotBody: true` for a body that cannot be replayed: it is never retried.
 */
export function call<T>(core: Core, attempt: Attempt<T>, options?: RequestOptions, oneShotBody = false): APIPromise<T> {
  return new APIPromise(send(core, attempt, options, oneShotBody));
}

/** `call` without the APIPromise wrapper: resolves to `{ data, response }`. */
export async function send<T>(
  core: Core,
  attempt: Attempt<T>,
  options: RequestOptions | undefined,
  oneShotBody = false,
): Promise<APIResult<T>> {
  if (options?.timeout !== undefined) validTimeout(options.timeout);
  const maxRetries = oneShotBody
    ? 0
    : options?.maxRetries === undefined
      ? core.maxRetries
      : validRetries(options.maxRetries);
  const signal = options?.signal;
  const timeout = options?.timeout ?? core.timeout;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw new APIUserAbortError(signal.reason, core.redact);
    const exchange = new Exchange(core, signal, timeout);
    let failure: Failure;
    let streaming = false;
    try {
      core.starting = exchange;
      let pending: ReturnType<Attempt<T>>;
      try {
        pending = attempt(exchange.init(options?.headers));
      } finally {
        core.starting = undefined;
      }
      const { data, error, response } = await exchange.bound(pending);
      if (response.ok) {
        if (data instanceof ReadableStream) {
          streaming = true;
          return { data: guardStream(data, exchange, signal, timeout) as T, response };
        }
        return { data: data as T, response };
      }
      failure = {
        error: makeAPIError(response.status, error, response.headers, response.statusText, core.redact),
        retryable: isRetryable(response),
        headers: response.headers,
        request: exchange.request,
      };
    } catch (cause) {
      failure = classify(cause, exchange, signal, timeout, core);
    } finally {
      if (!streaming) exchange.end();
    }
    if (!failure.retryable || retry >= maxRetries) throw failure.error;
    const delayMs = retryDelayMs(retry, failure.headers);
    core.onRetry?.({
      attempt: retry + 1,
      delayMs,
      error: failure.error,
      status: (failure.error as APIError).status,
      method: failure.request?.method ?? "",
      url: failure.request ? core.redact(failure.request.url) : "",
    });
    await sleep(delayMs, signal, core.redact);
  }
}

/** Turns what an attempt threw into a retryable failure, or throws it if retrying cannot help. */
function classify(
  cause: unknown,
  exchange: Exchange,
  signal: AbortSignal | undefined,
  timeout: number,
  core: Core,
): Failure {
  if (signal?.aborted) throw new APIUserAbortError(signal.reason, core.redact);
  if (cause instanceof XaiError) throw cause;
  if (cause instanceof SyntaxError) {
    throw new XaiError(`The response body is not valid JSON: ${core.redact(cause.message)}`);
  }
  const error = exchange.timedOut
    ? new APIConnectionTimeoutError(`Request timed out after ${timeout} ms`)
    : connectionError(cause, core);
  return { error, retryable: true, headers: undefined, request: exchange.request };
}

const MAX_TIMER_MS = 2_147_483_647;

export function validTimeout(value: number): number {
  if (value === Number.POSITIVE_INFINITY || (Number.isFinite(value) && value > 0 && value <= MAX_TIMER_MS)) {
    return value;
  }
  throw new XaiError(`timeout must be a number of milliseconds from 1 to ${MAX_TIMER_MS}, or Infinity; got ${value}`);
}

export function validRetries(value: number): number {
  if (Number.isInteger(value) && value >= 0) return value;
  throw new XaiError(`maxRetries must be a non-negative integer, got ${value}`);
}

/** Why an attempt failed, and whether another attempt may help. */
interface Failure {
  error: XaiError;
  retryable: boolean;
  headers: Headers | undefined;
  request: Request | undefined;
}

const TIMED_OUT = Symbol("timed out");

/**
 * One attempt's wiring: its own abort signal (fired by the deadline or the caller's signal), and a listener on the
 * caller's signal that is always removed afterwards — so thousands of calls sharing one long-lived signal leave
 * nothing attached to it. The signal passed to fetch is per attempt.
 */
export class Exchange implements Expirable {
  request: Request | undefined;
  readonly #controller = new AbortController();
  readonly #deadline: Deadline | undefined;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;
  #reject: ((reason: unknown) => void) | undefined;

  constructor(
    readonly core: Core,
    signal: AbortSignal | undefined,
    timeout: number,
  ) {
    if (timeout !== Number.POSITIVE_INFINITY) this.#deadline = core.deadlines.start(this, timeout);
    if (signal) {
      this.#callerSignal = signal;
      this.#onAbort = () => this.abort(signal.reason);
      signal.addEventListener("abort", this.#onAbort);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.signal.aborted;
  }

  get timedOut(): boolean {
    return this.signal.reason === TIMED_OUT;
  }

  /**
   * A plain `{ signal }` init. A lazy `get signal()` closing over the attempt, tried to skip the AbortController for
   * fetches that never read it, made V8 promote 5× more bytes per young-generation GC (`--trace-gc-nvp`) and was
   * slower overall than creating the signal up front.
   */
  fetch(request: Request): Promise<Response> {
    this.request = request;
    const fetch = this.core.fetch ?? globalThis.fetch;
    return this.core.signalInInit ? fetch(request, { signal: this.signal }) : fetch(request);
  }

  /** The openapi-fetch init this attempt needs; the shared empty one in the common case. */
  init(headers: RequestOptions["headers"]): AttemptInit {
    const signal = this.core.signalInInit ? undefined : this.signal;
    if (this.core.middleware) return { signal, headers, fetch: (request) => this.fetch(request) };
    return headers || signal ? { signal, headers } : NO_INIT;
  }

  /** Settles like `pending`, but rejects as soon as the attempt is aborted, even if a custom fetch ignores its signal. */
  bound<T>(pending: Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#reject = reject;
      pending.then(resolve, reject);
    });
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.#controller.abort(reason);
    this.#reject?.(reason);
  }

  expire(): void {
    this.abort(TIMED_OUT);
  }

  stopTimer(): void {
    this.core.deadlines.clear(this.#deadline);
  }

  end(): void {
    this.core.deadlines.clear(this.#deadline);
    this.#callerSignal?.removeEventListener("abort", this.#onAbort!);
  }
}

function connectionError(cause: unknown, core: Core): APIConnectionError {
  const detail =
    cause instanceof Error
      ? `${cause.message}${cause.cause instanceof Error ? ` (${cause.cause.message})` : ""}`
      : String(cause);
  const message = core.redact(detail);
  // Keep the original cause for debugging unless something in its chain mentions the key.
  const chain = traceOf(cause);
  const safeCause = message === detail && core.redact(chain) === chain ? cause : new Error(message);
  return new APIConnectionError(`Connection error: ${message}`, { cause: safeCause });
}

function traceOf(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 3) return String(error);
  return `${error.message}\n${error.stack}\n${traceOf(error.cause, depth + 1)}`;
}

/**
 * Hands the body to the caller while keeping the request abortable: ends the exchange when the
 * body is done, errors or is cancelled, and turns read failures into this client's errors. Each
 * read is bounded by `idleMs` (the request's timeout), so a stream that stalls fails instead of
 * waiting forever.
 */
function guardStream(
  body: ReadableStream<Uint8Array>,
  exchange: Exchange,
  signal: AbortSignal | undefined,
  idleMs: number,
): ReadableStream<Uint8Array> {
  const { core } = exchange;
  exchange.stopTimer();
  const reader = body.getReader();
  // Unblock a pending read on abort even when the body ignores the fetch's signal.
  const abortRead = () => reader.cancel().catch(() => {});
  exchange.signal.addEventListener("abort", abortRead, { once: true });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const idle = idleMs === Number.POSITIVE_INFINITY ? undefined : core.deadlines.start(exchange, idleMs);
        try {
          const { done, value } = await reader.read();
          if (exchange.aborted) throw exchange.signal.reason;
          if (done) {
            exchange.end();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (cause) {
          exchange.end();
          controller.error(
            signal?.aborted
              ? new APIUserAbortError(signal.reason, core.redact)
              : exchange.timedOut
                ? new APIConnectionTimeoutError(`Stream stalled: no data for ${idleMs} ms (the request's timeout)`)
                : connectionError(cause, core),
          );
        } finally {
          core.deadlines.clear(idle);
        }
      },
      async cancel(reason) {
        exchange.end();
        exchange.signal.removeEventListener("abort", abortRead);
        exchange.abort(reason);
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}

function sleep(ms: number, signal: AbortSignal | undefined, redact: (text: string) => string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError(signal.reason, redact));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError(signal?.reason, redact));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
