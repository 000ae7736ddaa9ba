import { onAbort } from "./abort-listeners.ts";
import { boundBuffering } from "./bounded-response.ts";
import type { Deadline, Expirable } from "./deadlines.ts";
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, type XaiError } from "./errors.ts";
import { type Redact, redactValue } from "./redact.ts";
import type { Core, RequestOptions } from "./state.ts";

/**
 * What one attempt hands openapi-fetch, spread into the call's init (e.g. `{ body, ...init }`): its own `fetch`,
 * its headers, and its signal when the fetch reads it from the Request. (A type alias, not an interface, so it fits
 * openapi-fetch's index-signature init for parameterless paths.)
 */
export type AttemptInit = {
  fetch: (request: Request) => Promise<Response>;
  headers?: RequestOptions["headers"];
  signal?: AbortSignal;
};

/**
 * Sent with every retry: n on the n-th (absent on the first attempt), so servers and logs can tell a retry of a POST
 * from a new request.
 */
export const RETRY_COUNT_HEADER = "x-retry-count";
const TIMED_OUT = Symbol("timed out");

/**
 * One attempt, from openapi-fetch's call to the end of its response: its own abort signal (fired by its deadline or
 * the caller's signal), the fetch it hands openapi-fetch, and the error for whatever ends it. The wait on the
 * caller's signal is always removed when the attempt ends, so any number of calls sharing one long-lived signal
 * leave nothing attached to it.
 */
export class Exchange implements Expirable {
  /** The request as fetch received it; unset while the attempt has not reached fetch. */
  request: Request | undefined;
  /** What fetch answered: whatever fails afterwards failed while reading it. */
  response: Response | undefined;
  /** Created when something first asks for the signal: a fetch that never reads it (in memory) costs none. */
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  readonly #deadline: Deadline | undefined;
  readonly #callerSignal: AbortSignal | undefined;
  #stopListening: (() => void) | undefined;
  #reject: ((reason: unknown) => void) | undefined;

  constructor(
    readonly core: Core,
    signal: AbortSignal | undefined,
    timeout: number,
    /** The largest body this attempt's response may buffer. */
    readonly maxResponseBytes: number,
  ) {
    if (timeout !== Number.POSITIVE_INFINITY) this.#deadline = core.deadlines.start(this, timeout);
    if (signal) {
      this.#callerSignal = signal;
      this.#stopListening = onAbort(signal, () => this.abort(signal.reason));
    }
  }

  /** The attempt's signal; already aborted if the attempt was before anyone asked for it. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why the attempt was aborted: the caller's reason, or an internal marker for its deadline. */
  get reason(): unknown {
    return this.#reason;
  }

  get timedOut(): boolean {
    return this.#reason === TIMED_OUT;
  }

  get redact(): Redact {
    return this.core.redact;
  }

  /**
   * The fetch this attempt hands openapi-fetch (so middleware registered on `raw` runs in between): records the
   * request, passes the attempt's signal, and bounds what reading the response whole may buffer.
   */
  async fetch(request: Request): Promise<Response> {
    this.request = request;
    const fetch = this.core.fetch ?? globalThis.fetch;
    this.response = await (this.core.signalInInit ? fetch(request, fetchInit(this)) : fetch(request));
    return boundBuffering(this.response, this.maxResponseBytes);
  }

  /** The openapi-fetch init for retry number `retry` (0 for the first attempt) with the call's `headers`. */
  init(headers: RequestOptions["headers"], retry: number): AttemptInit {
    const init: AttemptInit = { fetch: this.fetch.bind(this) };
    if (retry > 0) init.headers = { ...headers, [RETRY_COUNT_HEADER]: String(retry) };
    else if (headers) init.headers = headers;
    if (!this.core.signalInInit) init.signal = this.signal;
    return init;
  }

  /** Settles like `pending`, but rejects as soon as the attempt is aborted, even if a custom fetch ignores its signal. */
  bound<T>(pending: Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#reject = reject;
      pending.then(resolve, reject);
    });
  }

  /**
   * The error for this attempt failing with `cause`: APIUserAbortError when the caller aborted, APIConnectionTimeoutError
   * (with `timedOut` as its message) when the deadline did, otherwise an APIConnectionError whose message and cause
   * are redacted.
   */
  failure(cause: unknown, timedOut: string): XaiError {
    if (this.#callerSignal?.aborted) return new APIUserAbortError(this.#callerSignal.reason, this.redact);
    if (this.timedOut) return new APIConnectionTimeoutError(timedOut);
    const detail =
      cause instanceof Error
        ? `${cause.message}${cause.cause instanceof Error ? ` (${cause.cause.message})` : ""}`
        : String(cause);
    return new APIConnectionError(`Connection error: ${this.redact(detail)}`, {
      cause: redactValue(cause, this.redact),
    });
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#reject?.(reason);
  }

  expire(): void {
    this.abort(TIMED_OUT);
  }

  /** Stops the deadline only: a streamed body bounds each read instead. */
  stopTimer(): void {
    this.core.deadlines.clear(this.#deadline);
  }

  end(): void {
    this.core.deadlines.clear(this.#deadline);
    this.#stopListening?.();
    this.#stopListening = undefined;
  }
}

/**
 * fetch's init for an attempt: its signal, created only when fetch reads it. An own enumerable getter, so a proxying
 * fetch that spreads `init` into its own still passes the signal on.
 */
function fetchInit(exchange: Exchange): RequestInit {
  return {
    get signal() {
      return exchange.signal;
    },
  };
}
