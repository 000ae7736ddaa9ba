import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createXai, type RetryInfo, type XaiError } from "../../src/index.ts";
import { client, json, SECRET } from "./helpers.ts";

afterEach(() => {
  vi.useRealTimers();
});

/** Every way an error gets printed, logged or stored. */
function renderings(error: unknown): string[] {
  const e = error as XaiError;
  return [
    e.message,
    String(e),
    e.stack ?? "",
    JSON.stringify(e),
    inspect(e, { depth: 10 }),
    inspect(e, { depth: 10, showHidden: true }),
    JSON.stringify((e as { headers?: unknown }).headers ?? {}),
    JSON.stringify((e as { body?: unknown }).body ?? null),
  ];
}

function expectNoSecret(error: unknown) {
  expect(error).toBeInstanceOf(Error);
  for (const text of renderings(error)) expect(text).not.toContain(SECRET);
}

const echo = `Incorrect API key provided: ${SECRET}`;

describe(`the key never appears in an error (key ${SECRET.slice(0, 12)}…)`, () => {
  it.each([
    ["nested error shape", () => json({ error: { message: echo, type: echo, code: SECRET, param: SECRET } }, 401)],
    ["flat error shape", () => json({ code: SECRET, error: echo }, 400)],
    ["text body", () => new Response(echo, { status: 403 })],
    ["echoing headers", () => json({}, 400, { "x-debug": `Bearer ${SECRET}`, "www-authenticate": `Bearer ${SECRET}` })],
    ["status text", () => new Response(null, { status: 400, statusText: `bad key ${SECRET}` })],
    ["set-cookie", () => json({}, 404, { "set-cookie": `k=${SECRET}` })],
  ])("HTTP error: %s", async (_name, respond) => {
    const { xai } = client(respond, { maxRetries: 0 });
    const error = await xai.models.list().catch((e: unknown) => e);
    expectNoSecret(error);
    expect((error as { headers: Record<string, string> }).headers).not.toHaveProperty("authorization");
  });

  it("connection error whose message and cause chain mention the key", async () => {
    const { xai } = client(
      () => {
        throw new TypeError(`fetch failed for Bearer ${SECRET}`, { cause: new Error(`socket said ${SECRET}`) });
      },
      { maxRetries: 0 },
    );
    const error = await xai.models.list().catch((e: unknown) => e);
    expectNoSecret(error);
    expect((error as Error).message).toContain("[redacted]");
  });

  it("a connection error that does not mention the key keeps its original cause", async () => {
    const cause = new TypeError("fetch failed");
    const { xai } = client(
      () => {
        throw cause;
      },
      { maxRetries: 0 },
    );
    expect(((await xai.models.list().catch((e: unknown) => e)) as Error).cause).toBe(cause);
  });

  it("invalid JSON in a 200 body", async () => {
    const { xai } = client(() => new Response(`${SECRET} is not json`, { headers: { "content-length": "40" } }));
    const error = await xai.models.list().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/not valid JSON/);
    expectNoSecret(error);
  });

  it("timeout", async () => {
    vi.useFakeTimers();
    const xai = createXai({
      apiKey: SECRET,
      timeout: 10,
      maxRetries: 0,
      fetch: (_r: Request, init?: RequestInit) =>
        new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
        ),
    });
    const result = xai.models.list().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    expectNoSecret(await result);
  });

  it("abort, even with the key in the caller's reason", async () => {
    const { xai } = client();
    const error = await xai.models.list({ signal: AbortSignal.abort(`cancelled ${SECRET}`) }).catch((e: unknown) => e);
    expectNoSecret(error);
  });

  it("stream read failure", async () => {
    const { xai } = client(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              controller.error(new TypeError(`terminated ${SECRET}`));
            },
          }),
        ),
    );
    const content = await xai.files.content("f");
    expectNoSecret(await content.text().catch((e: unknown) => e));
  });

  it("onRetry info", async () => {
    vi.useFakeTimers();
    const seen: RetryInfo[] = [];
    const { xai } = client(() => json({ error: { message: echo } }, 500), { onRetry: (info) => seen.push(info) });
    const result = xai.models.list().catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expectNoSecret(await result);
    expect(seen).toHaveLength(2);
    for (const info of seen) {
      expect(JSON.stringify({ ...info, error: renderings(info.error) })).not.toContain(SECRET);
    }
  });
});
