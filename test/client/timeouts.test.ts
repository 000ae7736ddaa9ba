import { getEventListeners, once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { APIConnectionTimeoutError, APIUserAbortError, createXai } from "../../src/index.ts";
import { client, json, SECRET } from "./helpers.ts";

afterEach(() => {
  vi.useRealTimers();
});

/** A fetch that never answers on its own and rejects like real fetch when its signal aborts. */
function hanging() {
  const signals: AbortSignal[] = [];
  const fetch = (_request: Request, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      const signal = init!.signal!;
      signals.push(signal);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  return { fetch, signals };
}

/** A response whose body yields `first`, then stalls until `release` is called. */
function stalledBody(first: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      controller.enqueue(new TextEncoder().encode(first));
      await released;
      controller.close();
    },
  });
  return { body, release };
}

describe("timeouts", () => {
  it("a request with no answer within `timeout` fails with APIConnectionTimeoutError and aborts the fetch", async () => {
    vi.useFakeTimers();
    const { fetch, signals } = hanging();
    const xai = createXai({ apiKey: SECRET, fetch, timeout: 1000, maxRetries: 0 });
    const result = xai.models.list().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(999);
    expect(signals[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await result;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toBe("Request timed out after 1000 ms");
    expect(signals[0]?.aborted).toBe(true);
  });

  it("a proxying fetch that spreads `init` still forwards the attempt's signal", async () => {
    vi.useFakeTimers();
    const { fetch: inner, signals } = hanging();
    const proxy = (request: Request, init?: RequestInit) => inner(request, { ...init, keepalive: true });
    const xai = createXai({ apiKey: SECRET, fetch: proxy, timeout: 1000, maxRetries: 0 });
    const result = xai.models.list().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await result).toBeInstanceOf(APIConnectionTimeoutError);
    expect(signals[0]?.aborted).toBe(true);
  });

  it("a fetch that reads `init.signal` only after the timeout fired gets an already-aborted signal", async () => {
    vi.useFakeTimers();
    let init: RequestInit | undefined;
    const fetch = (_request: Request, given?: RequestInit) => {
      init = given;
      return new Promise<Response>(() => {});
    };
    const xai = createXai({ apiKey: SECRET, fetch, timeout: 1000, maxRetries: 0 });
    const result = xai.models.list().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await result).toBeInstanceOf(APIConnectionTimeoutError);
    expect(init?.signal?.aborted).toBe(true);
  });

  it("timeouts are retried; each attempt gets the full timeout; per-call timeout wins", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { fetch, signals } = hanging();
    const xai = createXai({ apiKey: SECRET, fetch, timeout: 60_000 });
    const result = xai.models.list({ timeout: 100 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100 + 500 + 100 + 1000 + 100);
    expect(await result).toBeInstanceOf(APIConnectionTimeoutError);
    expect(signals).toHaveLength(3);
    vi.restoreAllMocks();
  });

  it("covers reading a JSON body, not just the headers", async () => {
    vi.useFakeTimers();
    const { body } = stalledBody('{"object":');
    const xai = createXai({ apiKey: SECRET, fetch: async () => new Response(body), timeout: 500, maxRetries: 0 });
    const result = xai.models.list().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    expect(await result).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("for a streamed body, bounds each wait for the next chunk, not the whole body", async () => {
    vi.useFakeTimers();
    const slow = stalledBody("bytes");
    const xai = createXai({ apiKey: SECRET, fetch: async () => new Response(slow.body), timeout: 500 });
    const content = await xai.files.content("file-1");
    const text = content.text();
    await vi.advanceTimersByTimeAsync(400);
    slow.release();
    expect(await text).toBe("bytes");

    const stalled = stalledBody("bytes");
    const xai2 = createXai({ apiKey: SECRET, fetch: async () => new Response(stalled.body), timeout: 500 });
    const failed = (await xai2.files.content("file-1")).text().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(600);
    const error = await failed;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/no data for 500 ms/);
  });

  it("reaches a one-argument custom fetch through request.signal", async () => {
    vi.useFakeTimers();
    let seen: AbortSignal | undefined;
    const fetch = (request: Request) =>
      new Promise<Response>((_resolve, reject) => {
        seen = request.signal;
        request.signal.addEventListener("abort", () => reject(new Error("aborted")));
      });
    const xai = createXai({ apiKey: SECRET, fetch, timeout: 200, maxRetries: 0 });
    const result = xai.models.list().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(200);
    expect(await result).toBeInstanceOf(APIConnectionTimeoutError);
    expect(seen?.aborted).toBe(true);
  });

  it("rejects invalid timeouts and retry counts clearly", async () => {
    expect(() => createXai({ apiKey: SECRET, timeout: -1 })).toThrow(/timeout must be/);
    expect(() => createXai({ apiKey: SECRET, timeout: 2 ** 31 })).toThrow(/timeout must be/);
    expect(() => createXai({ apiKey: SECRET, maxRetries: 1.5 })).toThrow(/maxRetries must be/);
    const { xai } = client();
    await expect(xai.models.list({ timeout: Number.NaN })).rejects.toThrow(/timeout must be/);
    await expect(xai.models.list({ maxRetries: -1 })).rejects.toThrow(/maxRetries must be/);
    expect(await xai.models.list({ timeout: Number.POSITIVE_INFINITY })).toEqual({ ok: true });
  });
});

describe("abort", () => {
  it("the caller's signal aborts the fetch; the error is APIUserAbortError with the reason, not retried", async () => {
    const { fetch, signals } = hanging();
    const xai = createXai({ apiKey: SECRET, fetch });
    const controller = new AbortController();
    const result = xai.models.list({ signal: controller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    controller.abort("user navigated away");
    const error = (await result) as APIUserAbortError;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.reason).toBe("user navigated away");
    expect(error.message).toBe("Request aborted by the caller: user navigated away");
    expect(signals[0]?.aborted).toBe(true);
    expect(signals).toHaveLength(1);
  });

  it("an already-aborted signal sends nothing", async () => {
    const { xai, calls } = client();
    const error = await xai.models.list({ signal: AbortSignal.abort("early") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(0);
  });

  it("aborting during the retry wait ends it at once", async () => {
    vi.useFakeTimers();
    const { xai, calls } = client(() => json({}, 503));
    const controller = new AbortController();
    const result = xai.models.list({ signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(1);
    controller.abort();
    expect(await result).toBeInstanceOf(APIUserAbortError);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
  });

  it("aborting mid-stream fails the read with APIUserAbortError and aborts the request", async () => {
    const { xai, fetchSignal } = clientOverStalledBody();
    const controller = new AbortController();
    const content = await xai.files.content("file-1", undefined, { signal: controller.signal });
    const reader = content.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("part");
    const next = reader.read().catch((e: unknown) => e);
    controller.abort("stop");
    expect(fetchSignal()?.aborted).toBe(true);
    // The in-memory body ignores the fetch's signal; the read must end anyway.
    const error = (await next) as APIUserAbortError;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.reason).toBe("stop");
  });

  it("cancelling a streamed body aborts the request", async () => {
    const { xai, fetchSignal } = clientOverStalledBody();
    const content = await xai.files.content("file-1");
    await content.body!.cancel("done early");
    expect(fetchSignal()?.aborted).toBe(true);
  });
});

describe("no listener leak on a long-lived signal", () => {
  const gc = (() => {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  })();

  it("10,000 calls sharing one signal: no MaxListenersExceededWarning, no listeners left, flat heap", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const body = '{"object":"list","data":[]}';
      const xai = createXai({
        apiKey: SECRET,
        fetch: async (_request: Request, _init?: RequestInit) => new Response(body),
      });
      const shared = new AbortController().signal;
      const batch = async () => {
        for (let i = 0; i < 5000; i++) await xai.models.list({ signal: shared });
      };
      await batch(); // warm up: JIT, caches
      gc();
      const before = process.memoryUsage().heapUsed;
      await batch();
      await batch();
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
      expect(getEventListeners(shared, "abort")).toHaveLength(0);
      expect(grown).toBeLessThan(2 * 1024 * 1024);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("the same through real fetch (undici) to a local server", async () => {
    const server = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end('{"object":"list","data":[]}');
    }).listen(0, "127.0.0.1");
    await once(server, "listening");
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const { port } = server.address() as AddressInfo;
      const xai = createXai({ baseUrl: `http://127.0.0.1:${port}` });
      const shared = new AbortController().signal;
      for (let i = 0; i < 1500; i++) await xai.models.list({ signal: shared });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
      expect(getEventListeners(shared, "abort")).toHaveLength(0);
    } finally {
      process.off("warning", onWarning);
      server.closeAllConnections();
      server.close();
    }
  });
});

/** A client whose fetch answers with a body that sends "part" and then stalls; `fetchSignal()` is what fetch got. */
function clientOverStalledBody() {
  const { body } = stalledBody("part");
  let signal: AbortSignal | undefined;
  const xai = createXai({
    apiKey: SECRET,
    fetch: async (_request: Request, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Response(body);
    },
  });
  return { xai, fetchSignal: () => signal };
}
