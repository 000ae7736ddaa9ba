/**
 * Pacing a replay without drift: every write is scheduled against the replay's start (`start + recordedMs / speed`),
 * never against the previous write, so a late timer delays one frame instead of every frame after it. A timer
 * brings the wait to within SPIN_MS of the deadline and `setImmediate` turns cover the rest: Node's timers fire
 * up to a millisecond or more late, while an immediate runs on the loop's next turn.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";

const SPIN_MS = 1.5;

/** When (on `performance.now()`'s clock) something recorded `ms` after the start is due; speed 0 means now. */
export function deadline(start: number, ms: number, speed: number): number {
  return speed === 0 ? start : start + ms / speed;
}

/** Resolves at `due` (a `performance.now()` time), or rejects once `signal` aborts. */
export async function waitUntil(due: number, signal: AbortSignal): Promise<void> {
  const early = due - performance.now() - SPIN_MS;
  if (early > 0) await sleep(early, undefined, { signal });
  while (performance.now() < due) {
    signal.throwIfAborted();
    await nextTurn();
  }
}
