/** Bad input of every kind gets an xAI-shaped error or a clean close, and the next valid request is answered. */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { validateResponseBody } from "../support/spec-validator.ts";
import { api, readXaiError, requestExample } from "./helpers.ts";

let mock: MockServer;
const logLines: string[] = [];

beforeAll(async () => {
  mock = await startMockServer({ port: 0, maxBodyBytes: 64 * 1024, log: (line) => logLines.push(line) });
});
afterAll(() => mock.close());

/** Write raw bytes on a fresh socket; resolve with whatever comes back before the server closes (or 2 s pass). */
function raw(bytes: string | Buffer, { endWrite = true } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(mock.port, "127.0.0.1");
    const received: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(received).toString("latin1"));
    };
    const timer = setTimeout(finish, 2_000);
    socket.on("data", (chunk) => received.push(chunk));
    socket.on("close", finish);
    socket.on("error", finish);
    socket.write(bytes, () => {
      if (endWrite) socket.end();
      else setTimeout(finish, 200);
    });
  });
}

function expectXaiErrorOrClose(reply: string, what: string) {
  if (reply === "") return;
  const match = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n[\s\S]*?\r\n\r\n([\s\S]*)$/.exec(reply);
  expect(match, `${what}: ${reply.slice(0, 200)}`).not.toBeNull();
  const status = Number(match![1]);
  expect(status, what).toBeGreaterThanOrEqual(400);
  expect(status, what).toBeLessThan(500);
  const body = JSON.parse(match![2]!) as { code: string; error: string };
  expect(["invalid-argument", "unauthenticated"], what).toContain(body.code);
  expect(body.error, what).toBeTruthy();
}

describe("garbage and half-sent requests", () => {
  it("a batch of garbage over raw sockets, then a valid request is answered normally", async () => {
    const garbage: [string, string | Buffer][] = [
      ["random bytes", Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 97 + 13) % 256))],
      ["TLS hello on plain HTTP", Buffer.from("160301020001000100fc0303", "hex")],
      ["not HTTP", "HELLO THERE\r\n\r\n"],
      ["bad header line", "GET /v1/models HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n"],
      ["header overflow", `GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`],
      [
        "bad chunked encoding",
        "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      ],
      ["half-sent headers", "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Le"],
      [
        "half-sent body",
        'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"model": "gro',
      ],
      [
        "malformed JSON",
        'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{"model":',
      ],
      ["NUL bytes in path", "GET /v1/\u0000\u0000 HTTP/1.1\r\nHost: x\r\n\r\n"],
    ];
    const replies = await Promise.all(garbage.map(([, bytes]) => raw(bytes)));
    for (const [i, reply] of replies.entries()) expectXaiErrorOrClose(reply, garbage[i]![0]);
    expect(replies[8]).toMatch(/^HTTP\/1\.1 400/);

    const halfOpen = await raw("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{", {
      endWrite: false,
    });
    expectXaiErrorOrClose(halfOpen, "half-sent body left open");

    const response = await api(mock, "/v1/models");
    expect(response.status).toBe(200);
    expect(validateResponseBody("get", "/v1/models", 200, "application/json", await response.json()).errors).toEqual(
      [],
    );
  });
});

describe("xAI-shaped errors", () => {
  const expectErrorShape = async (response: Response, method: string, path: string) => {
    const reply = await readXaiError(response.clone());
    const declared = validateResponseBody(method, path, response.status, "application/json", reply.body);
    if (!declared.errors[0]?.includes("status not declared")) expect(declared.errors).toEqual([]);
    return reply;
  };

  it("names the first problem in xAI's words and lists every violation with its location in x-mock-violations", async () => {
    const response = await api(mock, "/v1/chat/completions", {
      method: "POST",
      json: { model: 42, temperature: "hot", messages: "hi" },
    });
    expect(response.status).toBe(422);
    const { body, violations } = await expectErrorShape(response, "post", "/v1/chat/completions");
    expect(body.error).toMatch(
      /^Failed to deserialize the JSON body into the target type: (model|temperature|messages): invalid type: /,
    );
    const locations = violations.map((d) => d.location.join("."));
    expect(locations).toEqual(expect.arrayContaining(["body.model", "body.temperature", "body.messages"]));
    for (const violation of violations) expect(violation.message).toBeTruthy();
  });

  it("a value out of range → 400 invalid-argument naming the field", async () => {
    const json = { ...requestExample("/v1/chat/completions", "post"), model: "grok-3", temperature: 5 };
    const response = await api(mock, "/v1/chat/completions", { method: "POST", json });
    expect(response.status).toBe(400);
    const { body } = await expectErrorShape(response, "post", "/v1/chat/completions");
    expect(body).toEqual({ code: "invalid-argument", error: "Invalid request content: temperature must be <= 2." });
  });

  it("bad query params → 400 naming the param", async () => {
    const response = await api(mock, "/v1/files?limit=many");
    expect(response.status).toBe(400);
    const { body, violations } = await expectErrorShape(response, "get", "/v1/files");
    expect(body.error).toMatch(/\blimit\b/);
    expect(violations[0]!.location).toEqual(["query", "limit"]);
  });

  it("wrong content type → 400 naming content-type", async () => {
    const response = await api(mock, "/v1/chat/completions", {
      method: "POST",
      body: "model=grok",
      headers: { "content-type": "text/plain" },
    });
    expect(response.status).toBe(400);
    const { violations } = await expectErrorShape(response, "post", "/v1/chat/completions");
    expect(violations[0]!.location).toEqual(["header", "content-type"]);
  });

  it("malformed JSON → 400, unknown path → xAI's 404, wrong method → 405, oversize body → 413", async () => {
    const malformed = await api(mock, "/v1/chat/completions", {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    await expectErrorShape(malformed, "post", "/v1/chat/completions");
    const unknown = await readXaiError(await api(mock, "/v1/not-a-route"));
    expect(unknown).toMatchObject({ status: 404, body: { code: "not-found" } });
    expect(unknown.body.error).toMatch(/^No handler found on route\./);
    const wrongMethod = await api(mock, "/v1/models", { method: "PATCH" });
    expect(wrongMethod.status).toBe(405);
    expect((await readXaiError(wrongMethod)).body.code).toBe("invalid-argument");
    expect(wrongMethod.headers.get("allow")).toBe("GET");
    const big = { ...requestExample("/v1/chat/completions", "post"), user: "x".repeat(100 * 1024) };
    const oversize = await api(mock, "/v1/chat/completions", { method: "POST", json: big });
    expect(oversize.status).toBe(413);
    expect((await readXaiError(oversize)).body.code).toBe("invalid-argument");
    expect((await api(mock, "/v1/models")).status).toBe(200);
  });

  it("missing or malformed bearer → 401 in the same shape", async () => {
    for (const authorization of ["", "Basic dXNlcjpwYXNz", "Bearer", "Bearer two tokens"]) {
      const response = await fetch(`${mock.url}/v1/models`, { headers: authorization ? { authorization } : {} });
      expect(response.status, authorization).toBe(401);
      const { body } = await expectErrorShape(response, "get", "/v1/models");
      expect(body.code).toBe("unauthenticated");
    }
  });
});

describe("logging", () => {
  it("request log lines never contain Authorization headers or keys", async () => {
    const secret = "xai-SECRET-should-never-be-logged";
    await api(mock, "/v1/models", { headers: { authorization: `Bearer ${secret}` } });
    await api(mock, "/v1/models", { headers: { authorization: `Basic ${secret}` } });
    await api(mock, `/v1/models?api_key=${secret}`);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain(secret);
      expect(line.toLowerCase()).not.toContain("authorization");
      expect(line.toLowerCase()).not.toContain("bearer");
    }
  });
});

describe("CORS", () => {
  it("answers preflights and lets a browser on another origin read answers and their headers", async () => {
    const preflight = await fetch(`${mock.url}/v1/chat/completions`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    const answer = await api(mock, "/v1/models", { headers: { origin: "http://localhost:5173" } });
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(answer.headers.get("access-control-expose-headers")).toBe("*");
  });
});
