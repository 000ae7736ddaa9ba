import { XaiError } from "./errors.ts";
import { MAX_TIMER_MS } from "./timers.ts";

/** A number of milliseconds a timer can wait: 1 to MAX_TIMER_MS, or Infinity (no limit) where `unbounded` allows it. */
export function validMilliseconds(name: string, value: number, unbounded = true): number {
  if ((unbounded && value === Number.POSITIVE_INFINITY) || (value >= 1 && value <= MAX_TIMER_MS)) return value;
  throw new XaiError(
    `${name} must be a number of milliseconds from 1 to ${MAX_TIMER_MS}${unbounded ? ", or Infinity" : " (every wait is bounded)"}; got ${value}`,
  );
}

export function validRetries(value: number): number {
  if (Number.isInteger(value) && value >= 0) return value;
  throw new XaiError(`maxRetries must be a non-negative integer, got ${value}`);
}

/** A size limit: a positive whole number of bytes, or Infinity to turn the limit off. */
export function validByteLimit(name: string, value: number): number {
  if (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0)) return value;
  throw new XaiError(`${name} must be a positive whole number of bytes, or Infinity; got ${value}`);
}
