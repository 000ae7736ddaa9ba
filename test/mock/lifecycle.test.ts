/** Start and stop within one test file: close() ends in-flight streams and delays and leaves no handle behind. */
import { describe, expect, it } from "vitest";
import { startMockServer } from "../../mock/index.ts";
import { api, requestExample } from "./helpers.ts";

/** Sockets, servers and timers alive right now (the kinds a leaking server would leave). */
const handles = () => {
  const counts: Record<string, number> = { TCPServerWrap: 0, TCPSocketWrap: 0, Timeout: 0 };
  for (const name of process.getActiveResourcesInfo()) if (name in counts) counts[name]!++;
  return counts;
};

describe("mock lifecycle", () => {
  it("close() during a slow stream and a delayed answer resolves promptly with no open handles", async () => {
    const before = handles();
    const mock = await startMockServer({ port: 0, streamDelayMs: 5_000 });
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const streamed = await api(mock, "/v1/chat/completions", {
      method: "POST",
      json: { ...requestExample("/v1/chat/completions", "post"), stream: true },
    });
    const reader = streamed.body!.getReader();
    await reader.read();
    const delayed = api(mock, "/v1/models", { headers: { "x-mock-latency-ms": "30000" } }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));

    const started = performance.now();
    await mock.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(reader.read()).rejects.toThrow();
    expect(await delayed).toBeInstanceOf(Error);
    await new Promise((r) => setTimeout(r, 50));
    const after = handles();
    for (const kind of Object.keys(before)) expect(after[kind], kind).toBeLessThanOrEqual(before[kind]!);
  });
});
