/**
 * The journal (in-process and `GET /__mock/journal`, with its filters, secrets removed, bounded), the assertion
 * helper, sessions that isolate fixtures, stores, fault budgets and journal entries, and `mockFaults()`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectCalled, type JournalEntry, type MockServer, mockFaults, startMockServer } from "../../mock/index.ts";
import { eventDelays } from "../../mock/sse/format.ts";
import { createXai } from "../../src/index.ts";
import { api } from "../mock/helpers.ts";
import { MODELS, PATHS, request } from "./support.ts";

const KEY = "xai-JOURNAL-TEST-KEY-0123456789";
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({
    port: 0,
    models: MODELS,
    fixtures: [{ name: "hello", match: { content: "hello" }, respond: { text: "Hi!" } }],
  });
});
afterAll(async () => {
  await mock?.close();
});
beforeEach(() => mock.reset());

const withKey = { authorization: `Bearer ${KEY}` };

async function journal(query = "", headers: Record<string, string> = {}): Promise<JournalEntry[]> {
  const response = await api(mock, `/__mock/journal${query}`, { headers });
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: JournalEntry[] }).entries;
}

describe("the journal", () => {
  it("records each exchange: method, path, query, body, operation, fixture, status, timing; never the key", async () => {
    await api(mock, `${PATHS.chat}?trace=${KEY}`, {
      method: "POST",
      json: { ...request("chat", "hello"), user: `user with ${KEY} inside` },
      headers: { ...withKey, "x-api-key": KEY, cookie: "session=abc", "x-echo": `copy ${KEY}` },
    });
    await api(mock, "/v1/nowhere", { headers: withKey });
    await api(mock, "/v1/models", { headers: { authorization: "" } });
    await api(mock, "/__mock/media/xai-tmp-imgen-1.jpeg");

    const entries = await journal();
    expect(entries.map((e) => [e.method, e.path, e.status, e.operation])).toEqual([
      ["POST", PATHS.chat, 200, "handle_generic_completion_request"],
      ["GET", "/v1/nowhere", 404, null],
      ["GET", "/v1/models", 401, null],
    ]);
    const [chat] = entries;
    expect(chat).toMatchObject({
      seq: expect.any(Number),
      session: null,
      query: { trace: "[redacted]" },
      fixture: "hello",
      body: { model: "grok-4", user: "user with [redacted] inside" },
      headers: {
        authorization: "[redacted]",
        "x-api-key": "[redacted]",
        cookie: "[redacted]",
        "x-echo": "copy [redacted]",
      },
    });
    expect(chat!.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(chat!.time)).not.toBeNaN();
    expect(JSON.stringify(entries)).not.toContain(KEY);
    expect(JSON.stringify(mock.journal.entries())).not.toContain(KEY);
  });

  it("filters: path, operation (an operationId or a client method), status, since; DELETE empties it", async () => {
    await api(mock, PATHS.chat, { method: "POST", json: request("chat", "one") });
    await api(mock, PATHS.messages, { method: "POST", json: request("messages", "two") });
    await api(mock, PATHS.chat, { method: "POST", json: { ...request("chat", "x"), model: "grok-9" } });
    const all = await journal();
    expect(all).toHaveLength(3);
    expect((await journal(`?path=${encodeURIComponent(PATHS.messages)}`)).map((e) => e.seq)).toEqual([all[1]!.seq]);
    expect(await journal("?operation=chat.completions.create")).toHaveLength(2);
    expect(await journal("?operation=handle_generic_messages_request")).toHaveLength(1);
    expect((await journal("?status=404")).map((e) => e.body)).toEqual([expect.objectContaining({ model: "grok-9" })]);
    expect((await journal(`?since=${all[0]!.seq}`)).map((e) => e.seq)).toEqual([all[1]!.seq, all[2]!.seq]);
    expect(await journal(`?since=${encodeURIComponent(all[0]!.time)}`)).toHaveLength(3);
    expect((await api(mock, "/__mock/journal?status=abc")).status).toBe(400);

    const deleted = await api(mock, "/__mock/journal", { method: "DELETE" });
    expect(await deleted.json()).toEqual({ deleted: 3 });
    expect(await journal()).toEqual([]);
  });

  it("expectCalled: passes with the calls, or throws listing what was called", async () => {
    const xai = createXai({ baseUrl: mock.url, maxRetries: 0 });
    const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: { type: "object" } } }];
    await xai.chat.completions.create({ model: "grok-4", messages: [{ role: "user", content: "hello" }], tools });
    expect(expectCalled(mock.journal, { operation: "chat.completions.create", tool: "get_weather" })).toHaveLength(1);
    expect(mock.journal.expectCalled({ content: /hel+o/, fixture: "hello", times: 1 })).toHaveLength(1);
    expect(() => expectCalled(mock.journal, { operation: "messages.create" })).toThrow(
      /Expected a call matching \{"operation":"messages.create"\}; found 0\. The journal holds:\n {2}#\d+ POST \/v1\/chat\/completions → 200 \(handle_generic_completion_request model "grok-4", tools \[get_weather\], fixture 'hello'\)/,
    );
    expect(() => expectCalled(mock.journal, { tool: "get_weather", times: 2 })).toThrow(/2 call\(s\).*found 1/);
  });

  it("is bounded: past its cap the oldest entries are forgotten; `journal: false` keeps none", async () => {
    const small = await startMockServer({ port: 0, models: MODELS, journal: { maxEntries: 3 } });
    const off = await startMockServer({ port: 0, models: MODELS, journal: false });
    try {
      for (let i = 0; i < 5; i++) {
        await api(small, `/v1/models?i=${i}`);
        await api(off, "/v1/models");
      }
      expect(small.journal.entries().map((e) => e.query.i)).toEqual(["2", "3", "4"]);
      expect(off.journal.entries()).toEqual([]);
    } finally {
      await Promise.all([small.close(), off.close()]);
    }
  });
});

describe("sessions", () => {
  it("isolate fixtures, stores, fault budgets and journal entries between parallel tests", async () => {
    const a = mock.session("test-a");
    const b = mock.session("test-b");
    a.fixtures.add({ match: { content: "who" }, respond: { text: "Session A's answer." } });
    const ask = (headers: Record<string, string>) =>
      api(mock, PATHS.chat, { method: "POST", json: request("chat", "who are you?"), headers }).then((r) => r.json());
    const upload = (headers: Record<string, string>) => {
      const form = new FormData();
      form.append("file", new Blob(["only in A"]), "a.txt");
      return api(mock, "/v1/files", { method: "POST", body: form, headers });
    };
    const flaky = { ...mockFaults({ status: 503, times: 1, key: "shared-key" }) };

    const [answerA, answerB, , failedA, failedB] = await Promise.all([
      ask(a.headers),
      ask(b.headers),
      upload(a.headers),
      api(mock, "/v1/models", { headers: { ...a.headers, ...flaky } }),
      api(mock, "/v1/models", { headers: { ...b.headers, ...flaky } }),
    ]);
    expect(answerA.choices[0].message.content).toBe("Session A's answer.");
    expect(answerB.choices[0].message.content).not.toBe("Session A's answer.");
    // Each session has its own fault budget under the same key: both fail once.
    expect([failedA.status, failedB.status]).toEqual([503, 503]);
    const files = async (headers: Record<string, string>) =>
      ((await (await api(mock, "/v1/files", { headers })).json()) as { data: unknown[] }).data.length;
    expect([await files(a.headers), await files(b.headers), await files({})]).toEqual([1, 0, 0]);

    expect(
      a.journal
        .entries()
        .map((e) => e.path)
        .sort(),
    ).toEqual([PATHS.chat, "/v1/files", "/v1/files", "/v1/models"]);
    expect(b.journal.entries()).toHaveLength(3);
    expect((await journal("", a.headers)).every((e) => e.session === "test-a")).toBe(true);
    expect(await journal("?session=test-b")).toHaveLength(3);

    a.reset();
    expect(a.journal.entries()).toEqual([]);
    expect(await files(a.headers)).toBe(0);
    expect(b.journal.entries()).toHaveLength(3);
    const again = await ask(a.headers);
    expect(again.choices[0].message.content).not.toBe("Session A's answer.");
  });

  it("a file a session made public is served at its URL without a key or a session, until the session is reset", async () => {
    const a = mock.session("public-a");
    const form = new FormData();
    form.append("file", new Blob(["session A's bytes"]), "a.txt");
    const { id } = (await (
      await api(mock, "/v1/files", { method: "POST", body: form, headers: a.headers })
    ).json()) as {
      id: string;
    };
    const created = await api(mock, `/v1/files/${id}/public-url`, { method: "POST", json: {}, headers: a.headers });
    const { public_url } = (await created.json()) as { public_url: string };
    const served = await fetch(public_url);
    expect([served.status, await served.text()]).toEqual([200, "session A's bytes"]);
    expect(a.journal.entries().map((e) => e.path)).toEqual(["/v1/files", `/v1/files/${id}/public-url`]);
    a.reset();
    expect((await fetch(public_url)).status).toBe(404);
  });

  it("control routes act on the session the request names; a bad session id is a 400", async () => {
    const session = { "x-mock-session": "ctl" };
    const added = await api(mock, "/__mock/fixtures", {
      method: "POST",
      headers: session,
      json: [{ name: "ctl-only", respond: { text: "ctl" } }],
    });
    expect(added.status).toBe(201);
    const listed = (await (await api(mock, "/__mock/fixtures", { headers: session })).json()) as {
      fixtures: { name: string }[];
    };
    expect(listed.fixtures.map((f) => f.name)).toEqual(["ctl-only", "hello"]);
    const server = (await (await api(mock, "/__mock/fixtures")).json()) as { fixtures: { name: string }[] };
    expect(server.fixtures.map((f) => f.name)).toEqual(["hello"]);
    expect((await api(mock, "/__mock/reset", { method: "POST", headers: session })).status).toBe(200);
    expect(mock.session("ctl").fixtures.list()).toEqual([]);
    expect((await api(mock, "/v1/models", { headers: { "x-mock-session": "no spaces" } })).status).toBe(400);
    expect((await api(mock, "/__mock/nothing")).status).toBe(404);
    expect((await api(mock, "/__mock/journal", { method: "PUT" })).status).toBe(405);
    expect((await api(mock, "/__mock/journal", { headers: { authorization: "" } })).status).toBe(401);
  });
});

describe("mockFaults", () => {
  it("builds the x-mock-* headers; a typo does not compile, a bad value throws naming it", () => {
    expect(mockFaults({ status: 429, times: 1, retryAfter: 1, latencyMs: 5, key: "k" })).toEqual({
      "x-mock-status": "429",
      "x-mock-fault-times": "1",
      "x-mock-retry-after": "1",
      "x-mock-latency-ms": "5",
      "x-mock-fault-key": "k",
    });
    expect(mockFaults({ reset: true, disconnectAfter: 3 })).toEqual({
      "x-mock-reset": "true",
      "x-mock-disconnect-after": "3",
    });
    // @ts-expect-error: `retryAfterSeconds` is no fault
    expect(() => mockFaults({ retryAfterSeconds: 1 })).toThrow(/unknown fault 'retryAfterSeconds'/);
    expect(() => mockFaults({ status: 200 })).toThrow(/x-mock-status must be an integer between 400 and 599/);
    expect(() => mockFaults({ retryAfter: 2 })).toThrow(/retryAfter goes with a status/);
  });

  it("a client with them as defaultHeaders retries past the injected 429", async () => {
    const retries: number[] = [];
    const xai = createXai({
      baseUrl: mock.url,
      defaultHeaders: mockFaults({ status: 429, times: 1, retryAfter: 0 }),
      onRetry: ({ status }) => retries.push(status ?? 0),
    });
    const models = await xai.models.list();
    expect(models.data.length).toBeGreaterThan(0);
    expect(retries).toEqual([429]);
    expect(mock.journal.entries().map((e) => e.status)).toEqual([429, 200]);
  });
});

describe("stream pace", () => {
  const events = [
    { data: "start" },
    { data: "a", tokens: 2 },
    { data: "b", tokens: 2 },
    { data: "c", tokens: 1 },
    { data: "end" },
  ];

  it("unpaced: the server's delay between events", () => {
    expect(eventDelays(events, 20)).toEqual([0, 20, 20, 20, 20]);
  });

  it("paced: the first token waits firstTokenMs, later ones their tokens at tokensPerSecond, the rest none", () => {
    expect(eventDelays(events, 20, { firstTokenMs: 300, tokensPerSecond: 10 })).toEqual([0, 300, 200, 100, 0]);
    expect(eventDelays(events, 20, { tokensPerSecond: 4 })).toEqual([0, 500, 500, 250, 0]);
  });
});
