/**
 * `xai-mock record` against a local fake of api.x.ai: traffic passes through unchanged, both directions are
 * validated (violations reported, traffic still passed), cassettes keep every SSE frame with its timing, and no
 * secret reaches a file — the key in a header, echoed in a body, in a URL; a cassette still holding one is refused.
 */
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cassette, payloadBytes } from "../../mock/cassettes/format.ts";
import { frameEvents } from "../../mock/cassettes/frames.ts";
import { loadCassettes } from "../../mock/cassettes/store.ts";
import { type Recorder, startRecorder } from "../../mock/record/recorder.ts";
import { chatFrames, FAKE_KEY, type FakeUpstream, MODELS, OTHER_KEY, startFakeUpstream } from "./fake-upstream.ts";

const DELAYS = [15, 5, 25, 0, 10];
const AUTH = { authorization: `Bearer ${FAKE_KEY}` };

let upstream: FakeUpstream;
let recorder: Recorder;
let dir: string;
let reports: string[];

beforeAll(async () => {
  upstream = await startFakeUpstream({ frameDelaysMs: DELAYS });
  dir = await mkdtemp(join(tmpdir(), "record-"));
  reports = [];
  recorder = await startRecorder({ cassettes: dir, upstream: upstream.url, port: 0, report: (l) => reports.push(l) });
});
afterAll(async () => {
  await recorder.close();
  await upstream.close();
});

function chat(body: Record<string, unknown>, headers: Record<string, string> = AUTH, path = "/v1/chat/completions") {
  return fetch(`${recorder.url}${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ model: "grok-4", ...body }),
    signal: AbortSignal.timeout(15_000),
  });
}

const say = (content: string, extra: Record<string, unknown> = {}) =>
  chat({ messages: [{ role: "user", content }], ...extra });

/** The report lines of the exchange whose first line contains `marker`, up to the next exchange. */
async function reportOf(marker: string): Promise<string[]> {
  await recorder.settled();
  const start = reports.findIndex((line) => line.includes(marker));
  if (start === -1) throw new Error(`no report line with ${marker}:\n${reports.join("\n")}`);
  const next = reports.findIndex((line, i) => i > start && !line.startsWith(" "));
  return reports.slice(start, next === -1 ? undefined : next);
}

async function cassetteFile(name: string): Promise<{ text: string; cassette: Cassette }> {
  const text = await readFile(join(dir, name), "utf8");
  return { text, cassette: JSON.parse(text) as Cassette };
}

/** The file named in an exchange's report line (`… · <file>.json`). */
const fileIn = (line: string) => /· (\S+\.json)$/.exec(line)?.[1];

describe("recording", () => {
  it("passes a JSON answer through unchanged and keeps status, headers and body", async () => {
    const response = await fetch(`${recorder.url}/v1/models`, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(MODELS);
    const [line, ...violations] = await reportOf("GET /v1/models");
    expect(violations).toEqual([]);
    const { cassette } = await cassetteFile(fileIn(line!)!);
    expect(cassette.request).toMatchObject({ method: "GET", url: "/v1/models" });
    expect(cassette.response.status).toBe(200);
    expect(cassette.response.statusText).toBe("OK");
    expect(cassette.response.body).toEqual({ json: MODELS });
    expect(cassette.response.headers).toContainEqual(["cf-ray", "9a1b2c3d4e5f6a7b-FRA"]);
    expect(cassette.response.headers).toContainEqual(["content-type", "application/json"]);
    expect(cassette.response.endMs).toBeGreaterThanOrEqual(cassette.response.headersMs);
    // The key went upstream, with the encoding the cassette can keep as bytes.
    const received = upstream.exchanges.find((e) => e.url === "/v1/models")!;
    expect(received.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    expect(received.headers["accept-encoding"]).toBe("identity");
  });

  it("keeps every SSE frame as sent, each stamped no earlier than the upstream sent it", async () => {
    const words = ["Stream", "me", "some", "words"];
    const response = await say(words.join(" "), { stream: true });
    const received = await response.text();
    expect(received).toBe(chatFrames(words).join(""));
    const [line, ...violations] = await reportOf("7 frames");
    expect(violations).toEqual([]);
    const { cassette } = await cassetteFile(fileIn(line!)!);
    const frames = cassette.response.frames!;
    expect(frames.map((f) => ("text" in f ? f.text : ""))).toEqual(chatFrames(words));
    expect(Buffer.concat(frames.map(payloadBytes)).toString()).toBe(received);
    expect(frameEvents(frames).at(-1)?.data).toBe("[DONE]");
    // Frame i left the upstream after the first i+1 delays: it cannot have arrived earlier.
    let sent = 0;
    frames.forEach((frame, i) => {
      sent += DELAYS[i % DELAYS.length]!;
      expect(frame.ms).toBeGreaterThanOrEqual(sent);
      if (i > 0) expect(frame.ms).toBeGreaterThanOrEqual(frames[i - 1]!.ms);
    });
    expect(cassette.response.endMs).toBeGreaterThanOrEqual(frames.at(-1)!.ms);
  });

  it("reports what breaks the spec in either direction, with JSON pointers, and still passes it through", async () => {
    const mark = reports.length;
    const response = await say("break the contract", { temperature: 7 });
    expect(response.status).toBe(200);
    expect((await response.json()).object).toBe("chat.completions");
    await recorder.settled();
    const lines = reports.slice(mark);
    expect(lines[0]).toMatch(/^POST \/v1\/chat\/completions → 200 · body in \d+ ms · post-v1-chat-completions-/);
    expect(lines).toContain("  request violates the spec:");
    expect(lines).toContain("    ✗ /request/body/temperature: Request body property temperature must be <= 2");
    expect(lines).toContain("  response violates the spec:");
    expect(lines).toContain("    ✗ /response/body/object: must be equal to one of the allowed values");
  });

  it("redacts the key from headers, the URL and an echoing body, and the cookie from set-cookie", async () => {
    reports.length = 0;
    const response = await fetch(`${recorder.url}/v1/chat/completions?api_key=${FAKE_KEY}`, {
      method: "POST",
      headers: { ...AUTH, "x-api-key": FAKE_KEY, cookie: "session=s3cr3t", "content-type": "application/json" },
      body: JSON.stringify({ model: "grok-4", messages: [{ role: "user", content: "echo my key" }] }),
    });
    // The client gets the answer as the upstream sent it…
    expect(JSON.stringify(await response.json())).toContain(FAKE_KEY);
    const [line] = await reportOf("POST /v1/chat/completions → 200 · body");
    const { text, cassette } = await cassetteFile(fileIn(line!)!);
    // …the cassette holds none of it.
    expect(text).not.toContain(FAKE_KEY);
    expect(text).not.toContain(FAKE_KEY.slice(4, 30));
    expect(text).not.toContain("s3cr3t");
    expect(text).not.toContain("cookieValueThatMustNotBeRecorded");
    expect(cassette.request.url).toBe("/v1/chat/completions?api_key=[redacted]");
    expect(cassette.request.headers).toContainEqual(["authorization", "Bearer [redacted]"]);
    expect(cassette.request.headers).toContainEqual(["x-api-key", "[redacted]"]);
    expect(cassette.request.headers).toContainEqual(["cookie", "[redacted]"]);
    expect(cassette.response.headers).toContainEqual(["set-cookie", "[redacted]"]);
    const content = (cassette.response.body as { json: any }).json.choices[0].message.content;
    expect(content).toBe("You sent the key [redacted] (and [redacted]).");
    expect(reports.join("\n")).not.toContain(FAKE_KEY);
  });

  it("refuses to write a cassette that still holds a secret, naming where, and still answers the client", async () => {
    const before = await readdir(dir);
    const response = await say("leak another key");
    expect((await response.json()).choices[0].message.content).toContain(OTHER_KEY);
    const [line] = await reportOf("refused");
    expect(line).toMatch(
      /✗ refused to write post-v1-chat-completions-[0-9a-f]{12}-0\.json: it still holds an xAI API key \(xai-…\) at \/response\/body\/json\/choices\/0\/message\/content$/,
    );
    expect(line).not.toContain(OTHER_KEY.slice(4, 20));
    expect(await readdir(dir)).toEqual(before);
  });

  it("numbers repeated requests in sequence and leaves no temporary file behind", async () => {
    const before = new Set(await readdir(dir));
    for (let i = 0; i < 2; i++) await (await say("say it twice")).text();
    await recorder.settled();
    const added = (await readdir(dir)).filter((f) => !before.has(f)).sort();
    expect(added).toHaveLength(2);
    expect(added[0]).toMatch(/-0\.json$/);
    expect(added[1]).toBe(added[0]!.replace(/-0\.json$/, "-1.json"));
    expect((await readdir(dir)).filter((f) => !f.endsWith(".json"))).toEqual([]);
    const contents = await Promise.all(added.map(async (f) => (await cassetteFile(f)).cassette));
    expect(contents.map((c) => (c.response.body as { json: any }).json.choices[0].message.content)).toEqual([
      "You said: say it twice (asked 1×)",
      "You said: say it twice (asked 2×)",
    ]);
    expect((await loadCassettes(dir)).problems).toEqual([]);
  });

  it("answers 502 in xAI's shape when the upstream cannot be reached, and records nothing", async () => {
    const unreachable = await mkdtemp(join(tmpdir(), "record-unreachable-"));
    const lines: string[] = [];
    const dead = await startRecorder({
      cassettes: unreachable,
      upstream: "http://127.0.0.1:9",
      port: 0,
      report: (l) => lines.push(l),
    });
    try {
      const response = await fetch(`${dead.url}/v1/models`, { headers: AUTH });
      expect(response.status).toBe(502);
      await dead.settled();
      expect(await response.json()).toEqual({
        code: expect.any(String),
        error: expect.stringContaining("Upstream http://127.0.0.1:9"),
      });
      expect(lines.join("\n")).toContain("GET /v1/models ✗ not recorded");
      expect(await readdir(unreachable)).toEqual([]);
    } finally {
      await dead.close();
    }
  });

  it("refuses an upstream that is no http(s) URL", async () => {
    await expect(startRecorder({ cassettes: dir, upstream: "ftp://api.x.ai", port: 0 })).rejects.toThrow(
      "--upstream must be an http(s) URL, got 'ftp://api.x.ai'",
    );
  });
});
