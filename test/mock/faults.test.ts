/** Fault injection by request header: status (+retry-after), reset, mid-stream disconnect, latency, fault budget. */
import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { validateResponseBody } from "../support/spec-validator.ts";
import { api, readSse, readXaiError, requestExample } from "./helpers.ts";

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(() => mock.close());

const chat = () => requestExample("/v1/chat/completions", "post");

describe("fault headers", () => {
  it("x-mock-status with x-mock-retry-after → that status, retry-after and an xAI error body", async () => {
    const response = await api(mock, "/v1/models", { headers: { "x-mock-status": "429", "x-mock-retry-after": "3" } });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    const { body } = await readXaiError(response);
    expect(body.code).toBe("resource-exhausted");
    expect(validateResponseBody("get", "/v1/models", 429, "application/json", body).errors).toEqual([]);
    const overloaded = await api(mock, "/v1/models", { headers: { "x-mock-status": "529" } });
    expect(overloaded.status).toBe(529);
    expect((await readXaiError(overloaded)).body.code).toBe("unavailable");
  });

  it("x-mock-reset destroys the connection before any response", async () => {
    await expect(api(mock, "/v1/models", { headers: { "x-mock-reset": "true" } })).rejects.toThrow(TypeError);
    expect((await api(mock, "/v1/models")).status).toBe(200);
  });

  /** Events received before the stream broke off, and whether it broke (rather than ending cleanly). */
  async function cutStream(server: MockServer, after: number, path: string, body: Record<string, unknown>) {
    const response = await api(server, path, {
      method: "POST",
      json: { ...body, stream: true },
      headers: { "x-mock-disconnect-after": String(after) },
    });
    expect(response.status).toBe(200);
    let events = 0;
    const parser = createParser({ onEvent: () => events++ });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
    } catch {
      return { events, broke: true };
    }
    return { events, broke: false };
  }

  for (const delayMs of [0, 15]) {
    it(`x-mock-disconnect-after: N delivers exactly N events, then drops the connection (stream delay ${delayMs} ms)`, async () => {
      const server = delayMs === 0 ? mock : await startMockServer({ port: 0, streamDelayMs: delayMs });
      try {
        const families = [
          ["/v1/chat/completions", chat()],
          ["/v1/responses", requestExample("/v1/responses", "post")],
          ["/v1/messages", requestExample("/v1/messages", "post")],
        ] as const;
        for (const [path, body] of families) {
          const full = await readSse(await api(server, path, { method: "POST", json: { ...body, stream: true } }));
          for (const after of [0, 1, 3, full.length - 1]) {
            expect(await cutStream(server, after, path, body), `${path} after ${after}`).toEqual({
              events: after,
              broke: true,
            });
          }
        }
      } finally {
        if (server !== mock) await server.close();
      }
    });
  }

  it("x-mock-latency-ms delays the answer", async () => {
    const started = performance.now();
    const response = await api(mock, "/v1/models", { headers: { "x-mock-latency-ms": "150" } });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("x-mock-fault-times fails the first N attempts with the same key, then answers normally", async () => {
    const headers = { "x-mock-status": "503", "x-mock-fault-times": "2", "x-mock-fault-key": "retry-test" };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api(mock, "/v1/models", { headers })).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });

  it("a bad fault header value → 400 naming the header", async () => {
    const response = await api(mock, "/v1/models", { headers: { "x-mock-status": "200" } });
    expect(response.status).toBe(400);
    expect((await readXaiError(response)).body.error).toContain("x-mock-status");
  });
});
