/**
 * Hostile request lines, headers and bodies over raw sockets (issue 16, defect 5 and the mock's risks): malformed
 * percent-encoding is a 400 naming it, never a 500 a client would retry; fault headers act only after
 * authentication; an unknown `x-mock-*` header is a 400 naming it; an oversized body of any size gets its 413.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { MALFORMED_PATHS } from "./mock-inputs.ts";
import { exchange, filler, requestHead } from "./mock-wire.ts";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, maxBodyBytes: 64 * 1024 });
});
afterAll(() => mock.close());

const get = (target: string, headers: string[] = [], auth = true) =>
  exchange(mock.port, requestHead("GET", target, ["Connection: close", ...headers], auth));

describe("malformed percent-encoding in the path", () => {
  for (const { path, segment } of MALFORMED_PATHS) {
    it(`${path} → 400 naming '${segment}'`, async () => {
      const reply = await get(path);
      expect(reply.status, reply.body).toBe(400);
      expect(reply.body).toContain(segment);
    });
  }

  it("well-formed escapes still reach their operation", async () => {
    expect((await get("/v1/files/file%5Fmissing")).status).toBe(404);
  });
});

describe("fault headers act only after authentication", () => {
  it("no bearer + x-mock-reset → 401, not a reset", async () => {
    const reply = await get("/v1/models", ["x-mock-reset: true"], false);
    expect(reply.status).toBe(401);
    expect(reply.ending).toBe("closed");
  });

  it("no bearer + x-mock-status → 401, not the injected status", async () => {
    expect((await get("/v1/models", ["x-mock-status: 503"], false)).status).toBe(401);
  });

  it("no bearer + x-mock-latency-ms → 401 without waiting out the latency", async () => {
    // The latency is longer than this test's timeout: a 401 at all proves it was not applied.
    expect((await get("/v1/models", ["x-mock-latency-ms: 60000"], false)).status).toBe(401);
  });

  it("no bearer + a bad fault header value → 401 (the fault headers are not even read)", async () => {
    expect((await get("/v1/models", ["x-mock-status: banana"], false)).status).toBe(401);
  });

  it("unauthenticated requests do not spend a fault budget", async () => {
    const fault = ["x-mock-status: 503", "x-mock-fault-times: 1", "x-mock-fault-key: auth-order"];
    for (let i = 0; i < 3; i++) expect((await get("/v1/models", fault, false)).status).toBe(401);
    expect((await get("/v1/models", fault)).status).toBe(503);
    expect((await get("/v1/models", fault)).status).toBe(200);
  });
});

describe("x-mock-* headers", () => {
  it("an unknown x-mock-* header → 400 naming it", async () => {
    const reply = await get("/v1/models", ["x-mock-stauts: 503"]);
    expect(reply.status).toBe(400);
    expect(reply.body).toContain("x-mock-stauts");
  });

  it("x-mock-reset with a value other than true/false → 400 naming it", async () => {
    const reply = await get("/v1/models", ["x-mock-reset: maybe"]);
    expect(reply.status).toBe(400);
    expect(reply.body).toContain("x-mock-reset");
  });
});

describe("oversized input", () => {
  it("a body far past the limit (80 MiB) → 413, not a connection reset", async () => {
    const megabytes = 80;
    const head = requestHead("POST", "/v1/chat/completions", [
      "Content-Type: application/json",
      `Content-Length: ${megabytes * 1024 * 1024}`,
    ]);
    const reply = await exchange(mock.port, head, { body: filler(megabytes), timeoutMs: 20_000 });
    expect(reply.status).toBe(413);
    expect(reply.ending).not.toBe("reset");
  });

  it("a chunked body past the limit → 413", async () => {
    const head = requestHead("POST", "/v1/chat/completions", [
      "Content-Type: application/json",
      "Transfer-Encoding: chunked",
    ]);
    const chunk = `${(1024 * 1024).toString(16)}\r\n${"a".repeat(1024 * 1024)}\r\n`;
    const reply = await exchange(mock.port, head, { body: [...Array(4).fill(chunk), "0\r\n\r\n"] });
    expect(reply.status).toBe(413);
  });

  it("oversized headers → 431 and the connection closes", async () => {
    const reply = await get("/v1/models", [`x-padding: ${"a".repeat(64 * 1024)}`]);
    expect(reply.status).toBe(431);
    expect(reply.ending).not.toBe("open");
  });

  it("thousands of header lines → 431", async () => {
    const headers = Array.from({ length: 3_000 }, (_, i) => `x-h${i}: v`);
    expect((await get("/v1/models", headers)).status).toBe(431);
  });
});
