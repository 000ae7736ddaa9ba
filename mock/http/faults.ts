/**
 * Fault injection for client tests, chosen per request by headers (all optional, combinable):
 *
 * | header | effect |
 * | --- | --- |
 * | `x-mock-latency-ms: 250` | wait this long (≤ 60000) before answering |
 * | `x-mock-status: 503` | answer this status (400–599) with an xAI error body instead of the real response |
 * | `x-mock-retry-after: 2` | with `x-mock-status`, add `retry-after: 2` |
 * | `x-mock-reset: true` | destroy the connection before any response byte |
 * | `x-mock-disconnect-after: 3` | on a streamed response, drop the connection after 3 events |
 * | `x-mock-fault-times: 2` | apply status/reset only to the first 2 requests with the same `x-mock-fault-key` (default: method + path), then answer normally — for retry tests |
 */
import type { IncomingHttpHeaders } from "node:http";

export interface Faults {
  latencyMs?: number;
  status?: number;
  retryAfter?: string;
  reset?: boolean;
  disconnectAfterEvents?: number;
  times?: number;
  key?: string;
}

export const FAULT_HEADERS = [
  "x-mock-latency-ms",
  "x-mock-status",
  "x-mock-retry-after",
  "x-mock-reset",
  "x-mock-disconnect-after",
  "x-mock-fault-times",
  "x-mock-fault-key",
] as const;

const MAX_LATENCY_MS = 60_000;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function integer(value: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new RangeError(`${name} must be an integer between ${min} and ${max}, got '${value}'`);
  }
  return Number(value);
}

/** The faults a request asks for; throws a RangeError naming the bad header. */
export function parseFaults(headers: IncomingHttpHeaders): Faults | undefined {
  if (!FAULT_HEADERS.some((name) => headers[name] !== undefined)) return undefined;
  const faults: Faults = {};
  const latency = header(headers, "x-mock-latency-ms");
  if (latency !== undefined) faults.latencyMs = integer(latency, "x-mock-latency-ms", 0, MAX_LATENCY_MS);
  const status = header(headers, "x-mock-status");
  if (status !== undefined) faults.status = integer(status, "x-mock-status", 400, 599);
  const retryAfter = header(headers, "x-mock-retry-after");
  if (retryAfter !== undefined) faults.retryAfter = String(integer(retryAfter, "x-mock-retry-after", 0, 3600));
  const reset = header(headers, "x-mock-reset");
  if (reset !== undefined) faults.reset = reset === "true" || reset === "1";
  const after = header(headers, "x-mock-disconnect-after");
  if (after !== undefined) faults.disconnectAfterEvents = integer(after, "x-mock-disconnect-after", 0, 1_000_000);
  const times = header(headers, "x-mock-fault-times");
  if (times !== undefined) faults.times = integer(times, "x-mock-fault-times", 1, 1_000_000);
  faults.key = header(headers, "x-mock-fault-key");
  return faults;
}

/** Counts how often a keyed fault fired, so `x-mock-fault-times` can let later attempts through. */
export class FaultBudget {
  readonly #fired = new Map<string, number>();

  /** True when the fault should fire for this request (and records that it did). */
  take(faults: Faults, fallbackKey: string): boolean {
    if (faults.times === undefined) return true;
    const key = faults.key ?? fallbackKey;
    const fired = this.#fired.get(key) ?? 0;
    if (fired >= faults.times) return false;
    this.#fired.set(key, fired + 1);
    return true;
  }
}
