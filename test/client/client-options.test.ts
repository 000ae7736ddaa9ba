import { afterEach, describe, expect, it, vi } from "vitest";
import { readEnv } from "../../src/core/env.ts";
import { createXai, DEFAULT_TIMEOUT_MS, XaiError } from "../../src/index.ts";
import { client, json, recordingFetch, SECRET } from "./helpers.ts";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("environment defaults", () => {
  it("reads XAI_API_KEY and XAI_BASE_URL", async () => {
    vi.stubEnv("XAI_API_KEY", "env-key-123456");
    vi.stubEnv("XAI_BASE_URL", "https://proxy.example/xai/");
    const { fetch, calls } = recordingFetch();
    await createXai({ fetch }).models.list();
    expect(calls[0]?.url.href).toBe("https://proxy.example/xai/v1/models");
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer env-key-123456");
  });

  it("options win over the environment", async () => {
    vi.stubEnv("XAI_API_KEY", "env-key-123456");
    vi.stubEnv("XAI_BASE_URL", "https://proxy.example");
    const { fetch, calls } = recordingFetch();
    await createXai({ apiKey: SECRET, baseUrl: "https://other.example", fetch }).models.list();
    expect(calls[0]?.url.origin).toBe("https://other.example");
    expect(calls[0]?.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
  });

  it("does not crash where `process` does not exist", () => {
    vi.stubGlobal("process", undefined);
    expect(readEnv("XAI_API_KEY")).toBeUndefined();
  });

  it("drops a trailing /v1 (OpenAI-SDK habit): paths already carry it", async () => {
    const { fetch, calls } = recordingFetch();
    await createXai({ apiKey: SECRET, baseUrl: "https://api.x.ai/v1/", fetch }).models.list();
    expect(calls[0]?.url.href).toBe("https://api.x.ai/v1/models");
  });

  it("rejects a malformed, non-http or credentialed baseUrl", () => {
    expect(() => createXai({ apiKey: SECRET, baseUrl: "api.x.ai" })).toThrow(/absolute http\(s\) URL/);
    expect(() => createXai({ apiKey: SECRET, baseUrl: "ftp://api.x.ai" })).toThrow(/http or https/);
    expect(() => createXai({ apiKey: SECRET, baseUrl: "https://u:p@api.x.ai" })).toThrow(/credentials/);
  });

  it("documents a 10 minute default timeout", () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(600_000);
  });
});

describe("missing API key", () => {
  it("fails before any request, naming both ways to fix it", () => {
    vi.stubEnv("XAI_API_KEY", "");
    const { fetch, calls } = recordingFetch();
    expect(() => createXai({ fetch })).toThrow(XaiError);
    expect(() => createXai({ fetch })).toThrow(/pass createXai\(\{ apiKey \}\) or set the XAI_API_KEY/);
    expect(calls).toHaveLength(0);
  });

  it.each([
    "http://localhost:4010",
    "http://127.0.0.1:4010",
    "http://127.8.9.10",
    "http://[::1]:4010",
    "http://mock.localhost",
  ])("is not needed for loopback %s (the mock); a placeholder bearer is sent", async (baseUrl) => {
    vi.stubEnv("XAI_API_KEY", "");
    const { fetch, calls } = recordingFetch();
    await createXai({ baseUrl, fetch }).models.list();
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer local");
  });

  it("is still needed for look-alike hosts", () => {
    vi.stubEnv("XAI_API_KEY", "");
    expect(() => createXai({ baseUrl: "http://127.0.0.1.evil.example" })).toThrow(/Missing API key/);
    expect(() => createXai({ baseUrl: "http://localhost.evil.example" })).toThrow(/Missing API key/);
  });

  it("is not needed when defaultHeaders carry Authorization (e.g. a gateway token)", async () => {
    vi.stubEnv("XAI_API_KEY", "");
    const { fetch, calls } = recordingFetch();
    await createXai({ fetch, defaultHeaders: { authorization: "Bearer gateway" } }).models.list();
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer gateway");
  });
});

describe("browser guard", () => {
  it("refuses to run in a browser and explains why", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(() => createXai({ apiKey: SECRET })).toThrow(/browser.*visitor.*dangerouslyAllowBrowser: true/s);
  });

  it("runs with dangerouslyAllowBrowser: true", async () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    const { fetch } = recordingFetch(() => json({ ok: 1 }));
    expect(await createXai({ apiKey: SECRET, fetch, dangerouslyAllowBrowser: true }).models.list()).toEqual({ ok: 1 });
  });

  it("a runtime with `window` but no DOM (Deno, workers) is not a browser", () => {
    vi.stubGlobal("window", {});
    expect(() => createXai({ apiKey: SECRET })).not.toThrow();
  });
});

describe("headers", () => {
  it("defaultHeaders on every call; per-call headers override or remove them", async () => {
    const { xai, calls } = client(undefined, { defaultHeaders: { "x-team": "a", "x-trace": "1" } });
    await xai.models.list();
    await xai.models.list({ headers: { "x-team": "b", "x-trace": null } });
    expect(calls[0]?.headers.get("x-team")).toBe("a");
    expect(calls[0]?.headers.get("x-trace")).toBe("1");
    expect(calls[1]?.headers.get("x-team")).toBe("b");
    expect(calls[1]?.headers.has("x-trace")).toBe(false);
  });

  it("uses globalThis.fetch at call time when no fetch is given", async () => {
    const { fetch, calls } = recordingFetch();
    const xai = createXai({ apiKey: SECRET });
    vi.stubGlobal("fetch", fetch);
    await xai.models.list();
    expect(calls).toHaveLength(1);
  });
});

describe("the client object holds no secret", () => {
  it("inspecting or serialising the client never shows the key", async () => {
    const { inspect } = await import("node:util");
    const { xai } = client();
    expect(inspect(xai, { depth: 10, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(xai.models)).not.toContain(SECRET);
  });
});

describe("openapi-fetch middleware on xai.raw", () => {
  it("also runs for resource methods, with timeouts and onRetry still wired", async () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const retried: string[] = [];
    let attempts = 0;
    const fetch = (_request: Request, init?: RequestInit) =>
      attempts++ === 0
        ? new Promise<Response>((_, reject) =>
            init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
          )
        : Promise.resolve(json({ ok: 1 }));
    const xai = createXai({ apiKey: SECRET, fetch, timeout: 100, onRetry: (info) => retried.push(info.url) });
    xai.raw.use({
      async onRequest({ request }) {
        await Promise.resolve(); // fetch now runs after an await
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return request;
      },
    });
    const result = xai.models.list();
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ ok: 1 });
    expect(seen).toEqual(["GET /v1/models", "GET /v1/models"]);
    expect(retried).toEqual(["https://api.x.ai/v1/models"]);
    vi.useRealTimers();
  });
});
