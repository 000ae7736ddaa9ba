/**
 * The `x-mock-*` request headers: the faults a request asks for (table in `faults.ts`), the session it belongs to and
 * the test id fixtures can match — parsed here, and built by `mockFaults()` so a test's typo fails to compile instead
 * of silently asking for nothing. Plain JavaScript: the msw handlers use it in a browser too.
 */

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

/** Isolates a test's fixtures, stores and journal entries from every other session's. */
export const SESSION_HEADER = "x-mock-session";
/** Fixtures can match it (`match.testId`). */
export const TEST_ID_HEADER = "x-mock-test-id";
/** `x-mock-*` headers that are not faults. */
export const CONTROL_HEADERS = [SESSION_HEADER, TEST_ID_HEADER] as const;

const MAX_LATENCY_MS = 60_000;
const RESET_VALUES = new Set(["true", "false", "1", "0"]);
const KNOWN = new Set<string>([...FAULT_HEADERS, ...CONTROL_HEADERS]);
const FAULTS = new Set<string>(FAULT_HEADERS);

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function integer(value: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new RangeError(`${name} must be an integer between ${min} and ${max}, got '${value}'`);
  }
  return Number(value);
}

/** The faults a request asks for (lower-case header names); throws a RangeError naming a bad or unknown header. */
export function parseFaults(headers: HeaderBag): Faults | undefined {
  let asked = false;
  for (const name in headers) {
    if (!name.startsWith("x-mock-")) continue;
    if (!KNOWN.has(name)) {
      throw new RangeError(
        `Unknown mock header '${name}': the mock understands ${[...FAULT_HEADERS, ...CONTROL_HEADERS].join(", ")}`,
      );
    }
    if (FAULTS.has(name)) asked = true;
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

/** What `mockFaults` takes: each field one `x-mock-*` header. */
export interface MockFaultOptions {
  /** Answer this status (400–599) with an xAI error body (`x-mock-status`). */
  status?: number;
  /** With `status`: the `retry-after` seconds to send (`x-mock-retry-after`). */
  retryAfter?: number;
  /** Apply `status`/`reset` to the first n requests with the same `key`, then answer normally (`x-mock-fault-times`). */
  times?: number;
  /** What counts as "the same request" for `times` (`x-mock-fault-key`; default: method + URL). */
  key?: string;
  /** Wait this long before answering, ms, ≤ 60000 (`x-mock-latency-ms`). */
  latencyMs?: number;
  /** Destroy the connection before any response byte (`x-mock-reset`). */
  reset?: boolean;
  /** On a streamed answer, deliver exactly this many events, then drop the connection (`x-mock-disconnect-after`). */
  disconnectAfter?: number;
}

const HEADER_OF = {
  status: "x-mock-status",
  retryAfter: "x-mock-retry-after",
  times: "x-mock-fault-times",
  key: "x-mock-fault-key",
  latencyMs: "x-mock-latency-ms",
  reset: "x-mock-reset",
  disconnectAfter: "x-mock-disconnect-after",
} as const satisfies Record<keyof MockFaultOptions, (typeof FAULT_HEADERS)[number]>;

/**
 * The `x-mock-*` headers asking for these faults, to spread into a request's headers (or a client's
 * `defaultHeaders`). A value the mock would refuse throws here, naming it.
 */
export function mockFaults(options: MockFaultOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [field, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const name = HEADER_OF[field as keyof MockFaultOptions];
    if (name === undefined) {
      throw new TypeError(`mockFaults: unknown fault '${field}' (faults: ${Object.keys(HEADER_OF).join(", ")})`);
    }
    headers[name] = String(value);
  }
  parseFaults(headers);
  if (options.retryAfter !== undefined && options.status === undefined) {
    throw new RangeError("mockFaults: retryAfter goes with a status");
  }
  return headers;
}
