/**
 * The client's failure handling against the mock's fault injection (x-mock-* headers, see mock/faults.ts), over
 * real sockets and real timers: retries as documented (count via onRetry, backoff bounds, Retry-After honoured),
 * stopping at maxRetries; connection reset → APIConnectionError after retries; a stream cut mid-way → typed error
 * and no retry; latency beyond the timeout → APIConnectionTimeoutError. Every test is bounded, and the last one
 * checks that the client and the mock left no sockets, servers or timers behind.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  BadRequestError,
  createXai,
  InternalServerError,
  RateLimitError,
  type RetryInfo,
  type Xai,
} from "../../src/index.ts";
import { type MockServer, startContractMock } from "../support/contract-mock.ts";
import { CONTRACT_API_KEY, capture, captureError, itLeaksNoSecrets, watchForLeaks } from "../support/leak-watch.ts";
import { itLeavesNoOpenHandles, watchOpenHandles } from "../support/open-handles.ts";

watchForLeaks();

const TEST_TIMEOUT_MS = 15_000;

let mock: MockServer;
const requestLog: string[] = [];

watchOpenHandles();

beforeAll(async () => {
  // Spaced events, so those sent before an injected cut reach the client ahead of the reset.
  mock = await startContractMock({ streamDelayMs: 20 }, (line) => requestLog.push(line));
});

afterAll(() => mock.close());

let faultKey = 0;
/** Fault headers scoped to one test: `x-mock-fault-times` counts per key. */
function faults(headers: Record<string, string>): Record<string, string> {
  return { "x-mock-fault-key": `faults-test-${++faultKey}`, ...headers };
}

function client(options: { maxRetries: number; timeout?: number }): { xai: Xai; retries: RetryInfo[] } {
  const retries: RetryInfo[] = [];
  const xai = createXai({
    apiKey: CONTRACT_API_KEY,
    baseUrl: mock.url,
    ...options,
    onRetry: (info) => {
      retries.push(info);
      capture("onRetry", info);
    },
  });
  return { xai, retries };
}

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => expect.fail("expected the call to fail"),
    (error: unknown) => captureError(error),
  );
}

/** Documented backoff: min(0.5 s · 2^n, 8 s) × (1 − 0.25 · random) for retry n (0-based). */
const backoffBounds = (retry: number) => {
  const base = Math.min(500 * 2 ** retry, 8_000);
  return [base * 0.75, base] as const;
};

describe("retries", () => {
  it(
    "retries 503 with exponential backoff within the documented bounds, then succeeds",
    async () => {
      const { xai, retries } = client({ maxRetries: 2 });
      const started = performance.now();
      const models = await xai.models.list({
        headers: faults({ "x-mock-status": "503", "x-mock-fault-times": "2" }),
      });
      const elapsed = performance.now() - started;
      expect(models.data.length).toBeGreaterThan(0);
      expect(retries.map(({ attempt, status }) => [attempt, status])).toEqual([
        [1, 503],
        [2, 503],
      ]);
      retries.forEach(({ delayMs }, retry) => {
        const [low, high] = backoffBounds(retry);
        expect(delayMs).toBeGreaterThanOrEqual(low);
        expect(delayMs).toBeLessThanOrEqual(high);
      });
      expect(elapsed).toBeGreaterThanOrEqual(retries[0]!.delayMs + retries[1]!.delayMs);
      expect(retries[0]!.error).toBeInstanceOf(InternalServerError);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "honours Retry-After (seconds) from a 429",
    async () => {
      const { xai, retries } = client({ maxRetries: 2 });
      const started = performance.now();
      await xai.models.list({
        headers: faults({ "x-mock-status": "429", "x-mock-retry-after": "1", "x-mock-fault-times": "1" }),
      });
      expect(retries).toHaveLength(1);
      expect(retries[0]!.delayMs).toBe(1_000);
      expect(retries[0]!.error).toBeInstanceOf(RateLimitError);
      expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a Retry-After beyond the 60 s cap falls back to the backoff",
    async () => {
      const { xai, retries } = client({ maxRetries: 1 });
      await xai.models.list({
        headers: faults({ "x-mock-status": "503", "x-mock-retry-after": "3600", "x-mock-fault-times": "1" }),
      });
      const [low, high] = backoffBounds(0);
      expect(retries).toHaveLength(1);
      expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(low);
      expect(retries[0]!.delayMs).toBeLessThanOrEqual(high);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "stops at maxRetries and throws the last error",
    async () => {
      const { xai, retries } = client({ maxRetries: 3 });
      const before = requestLog.length;
      const error = await rejection(
        xai.models.list({ headers: faults({ "x-mock-status": "500", "x-mock-retry-after": "0" }) }),
      );
      expect(error).toBeInstanceOf(InternalServerError);
      expect((error as InternalServerError).status).toBe(500);
      expect(retries.map(({ attempt }) => attempt)).toEqual([1, 2, 3]);
      await sleep(20); // the mock logs when the response closes
      expect(requestLog.slice(before).filter((line) => line.startsWith("GET /v1/models 500"))).toHaveLength(4);
    },
    TEST_TIMEOUT_MS,
  );

  it("a per-call maxRetries overrides the client's; 400 is never retried", async () => {
    const { xai, retries } = client({ maxRetries: 5 });
    const once = await rejection(
      xai.models.list({ maxRetries: 0, headers: faults({ "x-mock-status": "503", "x-mock-retry-after": "0" }) }),
    );
    expect(once).toBeInstanceOf(InternalServerError);
    const bad = await rejection(xai.models.list({ headers: faults({ "x-mock-status": "400" }) }));
    expect(bad).toBeInstanceOf(BadRequestError);
    expect(retries).toEqual([]);
  });
});

describe("connection faults", () => {
  it(
    "connection reset → APIConnectionError after maxRetries retries",
    async () => {
      const { xai, retries } = client({ maxRetries: 2 });
      const error = await rejection(xai.models.list({ headers: faults({ "x-mock-reset": "true" }) }));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
      expect(retries).toHaveLength(2);
      expect(retries.every(({ error: cause }) => cause instanceof APIConnectionError)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "disconnect mid-stream → typed connection error, no retry",
    async () => {
      const { xai, retries } = client({ maxRetries: 2 });
      const before = requestLog.length;
      const stream = await xai.chat.completions.create(
        { model: "grok-3-mini", messages: [{ role: "user", content: "Count to ten." }], stream: true },
        { headers: faults({ "x-mock-disconnect-after": "2" }) },
      );
      let received = 0;
      const error = await (async () => {
        for await (const _chunk of stream) received++;
      })().then(
        () => expect.fail("the stream ended normally"),
        (thrown: unknown) => captureError(thrown),
      );
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(received).toBeGreaterThanOrEqual(1);
      expect(received).toBeLessThanOrEqual(2);
      expect(retries).toEqual([]);
      await sleep(20);
      expect(requestLog.slice(before).filter((line) => line.startsWith("POST /v1/chat/completions"))).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "latency beyond the timeout → APIConnectionTimeoutError, bounded by the timeout",
    async () => {
      const { xai, retries } = client({ maxRetries: 0, timeout: 200 });
      const started = performance.now();
      const error = await rejection(xai.models.list({ headers: faults({ "x-mock-latency-ms": "5000" }) }));
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(2_000);
      expect(retries).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a timed-out attempt is retried, each attempt under its own timeout",
    async () => {
      const { xai, retries } = client({ maxRetries: 1, timeout: 150 });
      const error = await rejection(
        xai.models.list({ timeout: 150, headers: faults({ "x-mock-latency-ms": "5000" }) }),
      );
      expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      expect(retries).toHaveLength(1);
      expect(retries[0]!.error).toBeInstanceOf(APIConnectionTimeoutError);
    },
    TEST_TIMEOUT_MS,
  );
});

itLeavesNoOpenHandles(() => mock.close());
itLeaksNoSecrets();
