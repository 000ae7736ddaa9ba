import { onAbort } from "./abort-listeners.ts";

/** The longest delay a timer honours (2³¹ − 1 ms, about 24.8 days): longer ones fire at once in every runtime. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts; leaves no listener behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const stopListening = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : undefined;
    const timer = setTimeout(() => {
      stopListening?.();
      resolve();
    }, ms);
  });
}
