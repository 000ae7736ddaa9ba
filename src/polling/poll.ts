import { APIUserAbortError, WaitTimeoutError, XaiError } from "../core/errors.ts";

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
const MAX_TIMER_MS = 2_147_483_647;

/** Fills in defaults and rejects intervals/timeouts that would make the wait unbounded or a busy loop. */
export function pollPlan(
  what: string,
  requestId: string,
  options: WaitOptions | undefined,
  defaults: { interval: number; timeout: number },
): PollPlan {
  const interval = options?.interval ?? defaults.interval;
  const timeout = options?.timeout ?? defaults.timeout;
  if (!Number.isFinite(interval) || interval < 1 || interval > MAX_TIMER_MS) {
    throw new XaiError(`wait: interval must be a number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${interval}`);
  }
  if (!Number.isFinite(timeout) || timeout < 1 || timeout > MAX_TIMER_MS) {
    throw new XaiError(
      `wait: timeout must be a number of milliseconds from 1 to ${MAX_TIMER_MS} (every wait is bounded), got ${timeout}`,
    );
  }
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
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
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
    signal?.removeEventListener("abort", onAbort);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
