import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call } from "../../src/core/request.ts";
import {
  APIConnectionError,
  type APIError,
  BadRequestError,
  InternalServerError,
  type RetryInfo,
} from "../../src/index.ts";
import { client, json } from "./helpers.ts";

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Answers with `statuses` in turn, then 200. */
function sequence(statuses: number[], headers: Record<string, string> = {}) {
  return (_request: Request, index: number) =>
    index < statuses.length ? json({ error: { message: `fail ${index}` } }, statuses[index], headers) : json({ ok: 1 });
}

async function settle<T>(promise: PromiseLike<T>): Promise<T | unknown> {
  const outcome = Promise.resolve(promise).then(
    (value) => value,
    (error: unknown) => error,
  );
  await vi.runAllTimersAsync();
  return outcome;
}

describe("which failures are retried", () => {
  it.each([408, 409, 429, 500, 502, 503, 529])("%i is retried", async (status) => {
    const { xai, calls } = client(sequence([status]));
    expect(await settle(xai.models.list())).toEqual({ ok: 1 });
    expect(calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 413, 422])("%i is not retried", async (status) => {
    const { xai, calls } = client(sequence([status]));
    expect(await settle(xai.models.list())).toMatchObject({ status });
    expect(calls).toHaveLength(1);
  });

  it("x-should-retry overrides the status rule both ways", async () => {
    const yes = client(sequence([400], { "x-should-retry": "true" }));
    expect(await settle(yes.xai.models.list())).toEqual({ ok: 1 });
    expect(yes.calls).toHaveLength(2);
    const no = client(sequence([500], { "x-should-retry": "false" }));
    expect(await settle(no.xai.models.list())).toBeInstanceOf(InternalServerError);
    expect(no.calls).toHaveLength(1);
  });

  it("connection errors are retried, then surface as APIConnectionError with the cause", async () => {
    const cause = new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });
    const { xai, calls } = client(() => {
      throw cause;
    });
    const error = (await settle(xai.models.list())) as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toBe("Connection error: fetch failed (connect ECONNREFUSED 127.0.0.1:9)");
    expect(error.cause).toBe(cause);
    expect(calls).toHaveLength(3);
  });
});

describe("how many times", () => {
  it("defaults to 2 retries and throws the last error", async () => {
    const { xai, calls } = client(sequence([500, 502, 503, 504]));
    const error = (await settle(xai.models.list())) as APIError;
    expect(calls).toHaveLength(3);
    expect(error.status).toBe(503);
  });

  it("per-client maxRetries, overridden per call", async () => {
    const a = client(sequence([500, 500, 500, 500]), { maxRetries: 4 });
    expect(await settle(a.xai.models.list())).toEqual({ ok: 1 });
    expect(a.calls).toHaveLength(5);
    const b = client(sequence([500, 500]), { maxRetries: 4 });
    expect(await settle(b.xai.models.list({ maxRetries: 0 }))).toBeInstanceOf(InternalServerError);
    expect(b.calls).toHaveLength(1);
  });

  it("a one-shot (stream) request body is never retried", async () => {
    const { xai, calls } = client(sequence([503]));
    const core = (xai.models as unknown as { core: Parameters<typeof call>[0] }).core;
    const once = call(core, (init) => core.raw.GET("/v1/models", init), undefined, true);
    expect(await settle(once)).toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(1);
  });

  it("a streamed response that fails mid-body is not retried", async () => {
    let pulls = 0;
    const { xai, calls } = client(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              if (pulls++ === 0) controller.enqueue(new TextEncoder().encode("partial"));
              else controller.error(new TypeError("terminated"));
            },
          }),
        ),
    );
    const content = (await settle(xai.files.content("file-1"))) as Response;
    expect(await settle(content.arrayBuffer())).toBeInstanceOf(APIConnectionError);
    expect(calls).toHaveLength(1);
  });
});

describe("backoff and Retry-After", () => {
  function delays(handler: Parameters<typeof client>[0], maxRetries = 2) {
    const seen: RetryInfo[] = [];
    const { xai, calls } = client(handler, { maxRetries, onRetry: (info) => seen.push(info) });
    return { xai, calls, seen };
  }

  it("min(0.5 s · 2^n, 8 s) without jitter when random() = 0", async () => {
    const { xai, seen } = delays(sequence([500, 500, 500, 500, 500, 500]), 6);
    await settle(xai.models.list());
    expect(seen.map((r) => r.delayMs)).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(seen.map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("jitter takes off at most 25 %", async () => {
    vi.mocked(Math.random).mockReturnValue(1);
    const { xai, seen } = delays(sequence([500, 500]));
    await settle(xai.models.list());
    expect(seen.map((r) => r.delayMs)).toEqual([375, 750]);
  });

  it("really waits the delay before the next attempt", async () => {
    const { xai, calls } = delays(sequence([500]));
    const result = xai.models.list();
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(await result).toEqual({ ok: 1 });
  });

  it.each([
    [{ "retry-after-ms": "150" }, 150],
    [{ "retry-after": "2" }, 2000],
    [{ "retry-after": "1.5" }, 1500],
    [{ "retry-after-ms": "250", "retry-after": "9" }, 250],
    [{ "retry-after": "60" }, 60_000],
    [{ "retry-after": "61" }, 500], // above the 60 s cap: backoff instead
    [{ "retry-after": "-1" }, 500],
    [{ "retry-after": "soon" }, 500],
  ])("honours %o → %i ms", async (headers, expected) => {
    const { xai, seen } = delays(sequence([429], headers));
    await settle(xai.models.list());
    expect(seen[0]?.delayMs).toBe(expected);
  });

  it("honours Retry-After as an HTTP date", async () => {
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const { xai, seen } = delays(sequence([503], { "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }));
    await settle(xai.models.list());
    expect(seen[0]?.delayMs).toBe(3000);
  });

  it("onRetry sees status, error, method and URL", async () => {
    const { xai, seen } = delays(sequence([503, 502]));
    await settle(xai.models.retrieve("grok-4"));
    expect(seen[0]).toMatchObject({ status: 503, method: "GET", url: "https://api.x.ai/v1/models/grok-4" });
    expect(seen[0]?.error).toBeInstanceOf(InternalServerError);
    const post = delays(sequence([503]));
    await settle(post.xai.chat.completions.create({ model: "m", messages: [] }));
    expect(post.seen[0]).toMatchObject({ method: "POST", url: "https://api.x.ai/v1/chat/completions" });
    const down = delays(() => {
      throw new TypeError("fetch failed");
    });
    await settle(down.xai.models.list());
    expect(down.seen[0]).toMatchObject({ status: undefined, method: "GET", url: "https://api.x.ai/v1/models" });
    expect(down.seen[0]?.error).toBeInstanceOf(APIConnectionError);
  });

  it("a 400 after a retried 500 is thrown as BadRequestError", async () => {
    const { xai } = delays(sequence([500, 400]));
    expect(await settle(xai.models.list())).toBeInstanceOf(BadRequestError);
  });
});
