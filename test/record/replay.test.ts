/**
 * `startMockServer({ replay })` over cassettes recorded from the fake upstream: answers byte for byte as the upstream
 * sent them, sequences in order, unmatched requests to the mock (or 404 when strict), and broken cassettes named on
 * load while the others are still served.
 */
import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { startRecorder } from "../../mock/record/recorder.ts";
import { readXaiError } from "../mock/helpers.ts";
import { chatFrames, FAKE_KEY, type FakeUpstream, MODELS } from "./fake-upstream.ts";
import { ask, post as postWith, recordSample } from "./sample.ts";

const post = (base: string, body: Record<string, unknown>, headers = OTHER_CALLER) => postWith(base, body, headers);

const OTHER_CALLER = { authorization: "Bearer a-different-key-in-replay" };

let upstream: FakeUpstream;
let dir: string;
let mock: MockServer;

beforeAll(async () => {
  ({ dir, upstream } = await recordSample());
  mock = await startMockServer({ port: 0, replay: dir, replaySpeed: 0 });
});
afterAll(async () => {
  await mock?.close();
  await upstream?.close();
});

describe("replay", () => {
  it("loads every cassette", () => {
    expect(mock.replay).toEqual({ cassettes: 5, problems: [] });
  });

  it("answers a JSON exchange with the recorded status, headers and bytes", async () => {
    const response = await fetch(`${mock.url}/v1/models`, { headers: OTHER_CALLER });
    const bytes = Buffer.from(await response.arrayBuffer());
    const sent = upstream.exchanges.find((e) => e.url === "/v1/models")!.sent;
    expect(bytes.equals(sent)).toBe(true);
    expect(JSON.parse(bytes.toString())).toEqual(MODELS);
    expect(response.status).toBe(200);
    expect(response.statusText).toBe("OK");
    expect(response.headers.get("cf-ray")).toBe("9a1b2c3d4e5f6a7b-FRA");
    expect(response.headers.get("server")).toBe("cloudflare");
    expect(response.headers.get("content-length")).toBe(String(sent.length));
    // A redacted cookie is not sent again.
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("answers a stream with every recorded frame, byte for byte", async () => {
    const response = await post(mock.url, ask("stream these words please", { stream: true }));
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("content-length")).toBeNull();
    const text = await response.text();
    expect(text).toBe(chatFrames("stream these words please".split(" ")).join(""));
    expect(text).toBe(upstream.exchanges.find((e) => e.sent.includes("[DONE]"))!.sent.toString());
  });

  it("answers an error exchange as recorded", async () => {
    const response = await post(mock.url, ask("wrong model", { model: "grok-0" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: "invalid-argument",
      error: "Model grok-0 does not support this request.",
    });
  });

  it("serves a request recorded several times in sequence, then the last again; reset() starts over", async () => {
    const content = async () =>
      (await (await post(mock.url, ask("again and again"))).json()).choices[0].message.content;
    expect(await content()).toBe("You said: again and again (asked 1×)");
    expect(await content()).toBe("You said: again and again (asked 2×)");
    expect(await content()).toBe("You said: again and again (asked 2×)");
    mock.reset();
    expect(await content()).toBe("You said: again and again (asked 1×)");
  });

  it("matches on the body's content, not its key order, its volatile fields or the caller's key", async () => {
    mock.reset();
    const reordered = { messages: [{ content: "again and again", role: "user" }], user: "someone", model: "grok-4" };
    const response = await post(mock.url, reordered, { authorization: `Bearer ${FAKE_KEY}` });
    expect((await response.json()).choices[0].message.content).toBe("You said: again and again (asked 1×)");
  });

  it("leaves an unmatched request to the mock", async () => {
    const languageModels = await fetch(`${mock.url}/v1/language-models`, { headers: OTHER_CALLER });
    const model = (await languageModels.json()).models[0].id;
    const response = await post(mock.url, ask("never recorded", { model }));
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.object).toBe("chat.completion");
    expect(answer.choices[0].message.content).not.toContain("You said");
  });

  it("refuses an unmatched request with xAI's 404 when strict", async () => {
    const strict = await startMockServer({ port: 0, replay: dir, replaySpeed: 0, replayStrict: true });
    try {
      const error = await readXaiError(await post(strict.url, ask("never recorded")));
      expect(error.status).toBe(404);
      expect(error.body.code).toBe("not-found");
      expect(error.body.error).toMatch(
        /^No cassette matches POST \/v1\/chat\/completions \(match key [0-9a-f]{12}\)\.$/,
      );
      expect((await fetch(`${strict.url}/v1/models`, { headers: OTHER_CALLER })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe("an upload", () => {
  /**
   * Records one upload of `form("recorded")` to `path` and replays it strictly: the same form (with the fresh
   * boundary FormData picks per request, so the match does not depend on it) gets the recorded answer, another 404.
   */
  async function recordAndReplay(path: string, form: (contents: string) => FormData) {
    const uploads = await mkdtemp(join(tmpdir(), "replay-upload-"));
    const lines: string[] = [];
    const recorder = await startRecorder({
      cassettes: uploads,
      upstream: upstream.url,
      port: 0,
      report: (l) => lines.push(l),
    });
    const upload = (base: string, contents: string) =>
      fetch(`${base}${path}`, { method: "POST", headers: OTHER_CALLER, body: form(contents) });
    const recorded = await (await upload(recorder.url, "recorded")).text();
    await recorder.close();
    const [file] = await readdir(uploads);
    const cassette = JSON.parse(await readFile(join(uploads, file!), "utf8"));
    const replaying = await startMockServer({ port: 0, replay: uploads, replaySpeed: 0, replayStrict: true });
    try {
      const same = await (await upload(replaying.url, "recorded")).text();
      const other = (await upload(replaying.url, "other contents")).status;
      return { lines, body: cassette.request.body, recorded, same, other };
    } finally {
      await replaying.close();
    }
  }

  it("is recorded as its fields and file digest, and replayed for the same upload in any multipart encoding", async () => {
    const result = await recordAndReplay("/v1/files", (contents) => {
      const data = new FormData();
      data.append("purpose", "assistants");
      data.append("file", new Blob([contents], { type: "text/plain" }), "notes.txt");
      return data;
    });
    // The upload's fields went through the contract engine, as the mock's own uploads do: no violation.
    expect(result.lines).toEqual([expect.stringMatching(/^POST \/v1\/files → 200 · body in \d+ ms · post-v1-files-/)]);
    expect(result.body).toEqual({
      multipart: {
        fields: { purpose: "assistants" },
        order: ["purpose", "file"],
        files: [
          { filename: "notes.txt", mimeType: "text/plain", bytes: 8, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        ],
      },
    });
    expect(result.same).toBe(result.recorded);
    expect(result.other).toBe(404);
  });

  it("of several files in one part (a skill directory) is recorded file by file and replayed for the same files", async () => {
    const result = await recordAndReplay("/v1/skills", (contents) => {
      const data = new FormData();
      data.append("files", new Blob(["---\nname: notes\n---\n"], { type: "text/markdown" }), "notes/SKILL.md");
      data.append("files", new Blob([contents], { type: "text/plain" }), "notes/notes.txt");
      return data;
    });
    expect(result.lines).toEqual([
      expect.stringMatching(/^POST \/v1\/skills → 200 · body in \d+ ms · post-v1-skills-/),
    ]);
    expect(result.body.multipart.order).toEqual(["files", "files"]);
    expect(result.body.multipart.files.map((f: { filename: string }) => f.filename)).toEqual([
      "notes/SKILL.md",
      "notes/notes.txt",
    ]);
    expect(result.same).toBe(result.recorded);
    expect(result.other).toBe(404);
  });
});

describe("broken cassettes", () => {
  it("are each named with what is wrong, and the rest is still served", async () => {
    const broken = await mkdtemp(join(tmpdir(), "replay-broken-"));
    await cp(dir, broken, { recursive: true });
    const models = (await readdir(broken)).find((f) => f.startsWith("get-v1-models"))!;
    const good = JSON.parse(await readFile(join(broken, models), "utf8"));
    const cassettes = await Promise.all(
      (await readdir(broken)).map(async (f) => JSON.parse(await readFile(join(broken, f), "utf8"))),
    );
    const streamed = cassettes.find((c) => c.response.frames)!;
    await writeFile(join(broken, "truncated.json"), '{"format": "xai-toolkit-cassette", "vers');
    await writeFile(join(broken, "future.json"), JSON.stringify({ ...good, version: 2 }));
    await writeFile(
      join(broken, "bad-status.json"),
      JSON.stringify({ ...good, response: { ...good.response, status: "200" } }),
    );
    await writeFile(join(broken, "other.json"), JSON.stringify({ hello: "world" }));
    await writeFile(join(broken, "twin.json"), await readFile(join(broken, models), "utf8"));
    streamed.response.frames[1].ms = -1;
    await writeFile(join(broken, "negative.json"), JSON.stringify(streamed));
    streamed.response.frames[1].ms = streamed.response.endMs + 1;
    await writeFile(join(broken, "late.json"), JSON.stringify(streamed));
    const server = await startMockServer({ port: 0, replay: broken, replaySpeed: 0 });
    try {
      const problems = Object.fromEntries(server.replay!.problems.map((p) => [p.file, p.message]));
      expect(problems["truncated.json"]).toMatch(/^not JSON: /);
      expect(problems["future.json"]).toBe("cassette format version 2; this xai-mock reads version 1");
      expect(problems["bad-status.json"]).toBe("/response/status must be integer");
      expect(problems["other.json"]).toBe('not a cassette (its "format" must be "xai-toolkit-cassette")');
      expect(problems["twin.json"]).toBe(
        `records the same request as ${models}, with the same sequence (0); ${models} is served`,
      );
      expect(problems["negative.json"]).toBe("/response/frames/1/ms must be >= 0");
      expect(problems["late.json"]).toBe(
        `/response/frames/1/ms (${streamed.response.endMs + 1}) is after endMs (${streamed.response.endMs})`,
      );
      expect(Object.keys(problems)).toHaveLength(7);
      expect(server.replay!.cassettes).toBe(5);
      const response = await fetch(`${server.url}/v1/models`, { headers: OTHER_CALLER });
      expect(await response.json()).toEqual(MODELS);
    } finally {
      await server.close();
    }
  });

  it("a missing directory stops start-up naming it", async () => {
    await expect(startMockServer({ port: 0, replay: "/nonexistent/cassettes" })).rejects.toThrow(
      /^replay: cannot read the cassette directory \/nonexistent\/cassettes: ENOENT/,
    );
  });

  it("a speed the pacing cannot honour stops start-up naming the option", async () => {
    for (const speed of [-1, 0.001, Number.NaN, 5000]) {
      await expect(startMockServer({ port: 0, replay: dir, replaySpeed: speed })).rejects.toThrow(
        `replaySpeed must be 0 (no waiting) or between 0.01 and 1000, got ${speed}`,
      );
    }
  });
});
