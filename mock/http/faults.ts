/**
 * Fault injection for client tests, chosen per request by headers (all optional, combinable), applied only to
 * authenticated requests:
 *
 * | header | effect |
 * | --- | --- |
 * | `x-mock-latency-ms: 250` | wait this long (≤ 60000) before answering |
 * | `x-mock-status: 503` | answer this status (400–599) with an xAI error body instead of the real response |
 * | `x-mock-retry-after: 2` | with `x-mock-status`, add `retry-after: 2` |
 * | `x-mock-reset: true` | destroy the connection before any response byte |
 * | `x-mock-disconnect-after: 3` | on a streamed response, drop the connection after exactly 3 events |
 * | `x-mock-fault-times: 2` | apply status/reset only to the first 2 requests with the same `x-mock-fault-key` (default: method + path), then answer normally — for retry tests |
 *
 * A bad value, or an `x-mock-*` header not listed here, is a 400 naming the header.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultBudgets } from "../stores/fault-budgets.ts";
import { sendError } from "./errors.ts";

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
const RESET_VALUES = new Set(["true", "false", "1", "0"]);

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

const known = new Set<string>(FAULT_HEADERS);

/** The faults a request asks for; throws a RangeError naming the bad or unknown header. */
export function parseFaults(headers: IncomingHttpHeaders): Faults | undefined {
  let asked = false;
  for (const name in headers) {
    if (!name.startsWith("x-mock-")) continue;
    if (!known.has(name)) {
      throw new RangeError(`Unknown mock header '${name}': the mock understands ${FAULT_HEADERS.join(", ")}`);
    }
    asked = true;
  }
  if (!asked) return undefined;
  const faults: Faults = {};
  const latency = header(headers, "x-mock-latency-ms");
  if (latency !== undefined) faults.latencyMs = integer(latency, "x-mock-latency-ms", 0, MAX_LATENCY_MS);
  const status = header(headers, "x-mock-status");
  if (status !== undefined) faults.status = integer(status, "x-mock-status", 400, 599);
  const retryAfter = header(headers, "x-mock-retry-after");
  if (retryAfter !== undefined) faults.retryAfter = String(integer(retryAfter, "x-mock-retry-after", 0, 3600));
  const reset = header(headers, "x-mock-reset");
  if (reset !== undefined) {
    if (!RESET_VALUES.has(reset)) throw new RangeError(`x-mock-reset must be true or false, got '${reset}'`);
    faults.reset = reset === "true" || reset === "1";
  }
  const after = header(headers, "x-mock-disconnect-after");
  if (after !== undefined) faults.disconnectAfterEvents = integer(after, "x-mock-disconnect-after", 0, 1_000_000);
  const times = header(headers, "x-mock-fault-times");
  if (times !== undefined) faults.times = integer(times, "x-mock-fault-times", 1, 1_000_000);
  faults.key = header(headers, "x-mock-fault-key");
  return faults;
}

/** Apply the request's faults; true when the response has been taken over. */
export async function applyFaults(
  req: IncomingMessage,
  res: ServerResponse,
  faults: Faults,
  scope: { budgets: FaultBudgets; signal: AbortSignal },
): Promise<boolean> {
  if (faults.latencyMs) await sleep(faults.latencyMs, undefined, { signal: scope.signal });
  if (!faults.reset && faults.status === undefined) return false;
  if (faults.times !== undefined && !scope.budgets.take(faults.key ?? `${req.method} ${req.url}`, faults.times)) {
    return false;
  }
  if (faults.reset) {
    req.socket.resetAndDestroy();
    return true;
  }
  const headers: Record<string, string> = faults.retryAfter ? { "retry-after": faults.retryAfter } : {};
  sendError(res, faults.status!, `Injected fault: HTTP ${faults.status} requested by x-mock-status.`, {}, headers);
  return true;
}
