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
 * A bad value, or an `x-mock-*` header not listed here (nor `x-mock-session`, `x-mock-test-id`), is a 400 naming the
 * header. Parsed in `fault-headers.ts`, which `mockFaults()` shares.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultBudgets } from "../stores/fault-budgets.ts";
import { sendError } from "./errors.ts";
import type { Faults } from "./fault-headers.ts";

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
