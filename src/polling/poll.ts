import { onAbort } from "../core/abort-listeners.ts";
import { sleep } from "../core/timers.ts";
import { validMilliseconds } from "../core/validate.ts";
import { APIUserAbortError, WaitTimeoutError } from "../index.ts";

/** Options every waiter takes. */
export interface WaitOptions {
  /** Milliseconds between polls. */
  interval?: number | undefined;
  /** Milliseconds before giving up with WaitTimeoutError (the job keeps running server-side). */
  timeout?: number | undefined;
  /** Aborts the wait (and the poll in flight) with APIUserAbortError. */
  signal?: AbortSignal | undefined;
}

/** What `check` sees on each poll. */
export interface PollContext {
  /** Aborts when the wait times out or the caller aborts: pass it to the request. */
  signal: AbortSignal;
  /** 1 for the first poll. */
  attempt: number;
  elapsedMs: number;
}

export interface PollPlan {
  /** Named in timeout errors, e.g. "Deferred chat completion". */
  what: string;
  requestId: string;
  interval: number;
  timeout: number;
  signal: AbortSignal | undefined;
}

const DEADLINE = Symbol("wait deadline");

/** Fills in defaults and rejects intervals/timeouts that would make the wait unbounded or a busy loop. */
export function pollPlan(
  what: string,
  requestId: string,
  options: WaitOptions | undefined,
  defaults: { interval: number; timeout: number },
): PollPlan {
  const interval = validMilliseconds("wait: interval", options?.interval ?? defaults.interval, false);
  const timeout = validMilliseconds("wait: timeout", options?.timeout ?? defaults.timeout, false);
  return { what, requestId, interval, timeout, signal: options?.signal };
}

/**
 * Calls `check` until it returns a value, sleeping `interval` between polls. Bounded by `timeout` overall — the poll
 * in flight is aborted at the deadline — and abortable by `signal`.
 */
export async function pollUntil<T>(
  plan: PollPlan,
  check: (context: PollContext) => Promise<T | undefined>,
): Promise<T> {
  const { signal } = plan;
  if (signal?.aborted) throw new APIUserAbortError(signal.reason);
  const controller = new AbortController();
  const stopListening = signal && onAbort(signal, () => controller.abort(signal.reason));
  const deadline = setTimeout(() => controller.abort(DEADLINE), plan.timeout);
  const started = performance.now();
  let attempt = 0;
  try {
    for (;;) {
      attempt++;
      const result = await check({ signal: controller.signal, attempt, elapsedMs: performance.now() - started });
      if (result !== undefined) return result;
      await sleep(plan.interval, controller.signal);
    }
  } catch (error) {
    if (controller.signal.reason === DEADLINE) {
      throw new WaitTimeoutError(plan.what, plan.requestId, plan.timeout, attempt);
    }
    if (controller.signal.aborted) throw new APIUserAbortError(signal?.reason);
    throw error;
  } finally {
    clearTimeout(deadline);
    stopListening?.();
  }
}
