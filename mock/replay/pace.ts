/**
 * Pacing a replay without drift: every write is scheduled against the replay's start (`start + recordedMs / speed`),
 * never against the previous write, so a late timer delays one frame instead of every frame after it.
 *
 * Node's timers count whole milliseconds and fire up to a millisecond early or late, so a timer only brings a wait to
 * within FINE_MS of its deadline. The rest is slept in slices: one ticker, shared by every waiting replay, blocks the
 * thread on `Atomics.wait` until the nearest deadline but never longer than SLICE_MS, then lets the event loop turn, so
 * other sockets wait at most a slice. The previous design spun through `setImmediate` turns instead: it kept a CPU busy
 * and allocated on every turn (about a microsecond each), and the scavenges that garbage caused were the main source
 * of late frames.
 */
import { setTimeout as sleep } from "node:timers/promises";

const FINE_MS = 1.5;
const SLICE_MS = 0.05;

interface Waiter {
  due: number;
  signal: AbortSignal;
  resolve: () => void;
  reject: (reason: unknown) => void;
}

const waiting = new Set<Waiter>();
const futex = new Int32Array(new SharedArrayBuffer(4));

function nearestDue(): number {
  let nearest = Number.POSITIVE_INFINITY;
  for (const { due } of waiting) nearest = Math.min(nearest, due);
  return nearest;
}

function tick(): void {
  const slice = Math.min(nearestDue() - performance.now(), SLICE_MS);
  if (slice > 0) Atomics.wait(futex, 0, 0, slice);
  const now = performance.now();
  for (const waiter of waiting) {
    if (waiter.signal.aborted) waiter.reject(waiter.signal.reason);
    else if (now >= waiter.due) waiter.resolve();
    else continue;
    waiting.delete(waiter);
  }
  if (waiting.size > 0) setImmediate(tick);
}

function sleepFinely(due: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (waiting.size === 0) setImmediate(tick);
    waiting.add({ due, signal, resolve, reject });
  });
}

/** When (on `performance.now()`'s clock) something recorded `ms` after the start is due; speed 0 means now. */
export function deadline(start: number, ms: number, speed: number): number {
  return speed === 0 ? start : start + ms / speed;
}

/** Resolves at `due` (a `performance.now()` time), or rejects once `signal` aborts. */
export async function waitUntil(due: number, signal: AbortSignal): Promise<void> {
  const coarse = due - performance.now() - FINE_MS;
  if (coarse > 0) await sleep(coarse, undefined, { signal });
  signal.throwIfAborted();
  if (performance.now() < due) await sleepFinely(due, signal);
}
