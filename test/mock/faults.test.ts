/** Fault injection by request header: status (+retry-after), reset, mid-stream disconnect, latency, fault budget. */
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

  it("x-mock-disconnect-after drops a stream after N events", async () => {
    const full = await readSse(
      await api(mock, "/v1/chat/completions", { method: "POST", json: { ...chat(), stream: true } }),
    );
    const cut = await api(mock, "/v1/chat/completions", {
      method: "POST",
      json: { ...chat(), stream: true },
      headers: { "x-mock-disconnect-after": "2" },
    });
    expect(cut.status).toBe(200);
    const received: string[] = [];
    await expect(
      (async () => {
        for (const e of await readSse(cut)) received.push(e.data);
      })(),
    ).rejects.toThrow();
    expect(received.length).toBeLessThan(full.length);
  });

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
