/** The pieces of a cassette: SSE frames, payloads, match keys, redaction and the secret scan. */
import { describe, expect, it } from "vitest";
import {
  CASSETTE_FORMAT,
  CASSETTE_VERSION,
  type Cassette,
  payloadBytes,
  payloadOf,
} from "../../mock/cassettes/format.ts";
import { frameEnds, frameEvents, timedFrames } from "../../mock/cassettes/frames.ts";
import { matchKey, requestPayload } from "../../mock/cassettes/match.ts";
import { leftSecret, redactCassette } from "../../mock/cassettes/redact.ts";
import { REDACTED } from "../../mock/journal/redact.ts";
import { FAKE_KEY, OTHER_KEY } from "./fake-upstream.ts";

const frames = (text: string) => {
  const bytes = Buffer.from(text);
  let start = 0;
  return frameEnds(bytes).map((end) => {
    const frame = bytes.subarray(start, end).toString();
    start = end;
    return frame;
  });
};

describe("SSE frames", () => {
  it("split after each blank line, whatever the line breaks, keeping every byte", () => {
    const body = "data: 1\n\nevent: e\r\ndata: 2\r\n\r\n: ping\r\rdata: 3\n\n\ndata: cut";
    expect(frames(body)).toEqual([
      "data: 1\n\n",
      "event: e\r\ndata: 2\r\n\r\n",
      ": ping\r\r",
      "data: 3\n\n",
      "\n",
      "data: cut",
    ]);
    expect(frames(body).join("")).toBe(body);
  });

  it("take the arrival of the chunk holding each frame's last byte, however the chunks were cut", () => {
    const chunks = [
      { ms: 1, bytes: Buffer.from("data: a\n") },
      { ms: 5, bytes: Buffer.from("\ndata: b") },
      { ms: 9, bytes: Buffer.from("\r") },
      { ms: 12, bytes: Buffer.from("\n\r\ndata: [DONE]\n\n") },
    ];
    const timed = timedFrames(chunks);
    expect(timed).toEqual([
      { ms: 5, text: "data: a\n\n" },
      { ms: 12, text: "data: b\r\n\r\n" },
      { ms: 12, text: "data: [DONE]\n\n" },
    ]);
    expect(frameEvents(timed).map((e) => [e.frame, e.data])).toEqual([
      [0, "a"],
      [1, "b"],
      [2, "[DONE]"],
    ]);
  });

  it("keep bytes that are not UTF-8 as base64, unchanged", () => {
    const bytes = Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0x0a, 0x0a]);
    const [frame] = timedFrames([{ ms: 0, bytes }]);
    expect(frame).toHaveProperty("base64");
    expect(payloadBytes(frame!).equals(bytes)).toBe(true);
  });
});

describe("payloads", () => {
  it("are JSON only when re-serialising gives the same bytes", () => {
    expect(payloadOf(Buffer.from('{"a":1}'), "application/json")).toEqual({ json: { a: 1 } });
    expect(payloadOf(Buffer.from('{\n  "a": 1.0\n}'), "application/json")).toEqual({ text: '{\n  "a": 1.0\n}' });
    expect(payloadOf(Buffer.from('{"a":1}'), "text/plain")).toEqual({ text: '{"a":1}' });
    const binary = Buffer.from([0, 159, 146, 150]);
    expect(payloadBytes(payloadOf(binary, "application/octet-stream")).equals(binary)).toBe(true);
  });
});

describe("match keys", () => {
  const chat = (body: Record<string, unknown>, url = "/v1/chat/completions") =>
    matchKey({ method: "POST", url, body: { json: body } });

  it("ignore key order, query order and the volatile fields, and nothing else", () => {
    const base = chat({ model: "grok-4", messages: [{ role: "user", content: "hi" }] });
    expect(chat({ messages: [{ content: "hi", role: "user" }], model: "grok-4" })).toBe(base);
    expect(chat({ model: "grok-4", messages: [{ role: "user", content: "hi" }], user: "session-9" })).toBe(base);
    expect(chat({ model: "grok-4", messages: [{ role: "user", content: "hi!" }] })).not.toBe(base);
    expect(chat({ model: "grok-4", messages: [{ role: "user", content: "hi" }], stream: true })).not.toBe(base);
    expect(matchKey({ method: "GET", url: "/v1/files?limit=2&order=asc" })).toBe(
      matchKey({ method: "GET", url: "/v1/files?order=asc&limit=2" }),
    );
    expect(matchKey({ method: "GET", url: "/v1/files?limit=2" })).not.toBe(
      matchKey({ method: "GET", url: "/v1/files" }),
    );
    expect(matchKey({ method: "DELETE", url: "/v1/files/f" })).not.toBe(
      matchKey({ method: "GET", url: "/v1/files/f" }),
    );
  });

  it("see an upload as its fields and its files' names, types and hashes, not its boundary", () => {
    const upload = (bytes: string) =>
      requestPayload(
        {
          body: { purpose: "assistants" },
          order: ["purpose", "file"],
          files: [{ filename: "a.txt", mimeType: "text/plain", bytes: Buffer.from(bytes) }],
          forEngine: { body: "" },
        },
        "multipart/form-data; boundary=----anything",
      );
    const payload = upload("hello");
    expect(payload).toEqual({
      multipart: {
        fields: { purpose: "assistants" },
        order: ["purpose", "file"],
        files: [
          { filename: "a.txt", mimeType: "text/plain", bytes: 5, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        ],
      },
    });
    const key = (body: ReturnType<typeof upload>) => matchKey({ method: "POST", url: "/v1/files", body });
    expect(key(upload("hello"))).toBe(key(payload));
    expect(key(upload("hellO"))).not.toBe(key(payload));
  });
});

function cassette(overrides: Partial<Cassette["response"]> = {}, url = "/v1/models"): Cassette {
  return {
    format: CASSETTE_FORMAT,
    version: CASSETTE_VERSION,
    recordedAt: "2026-12-01T00:00:00.000Z",
    upstream: "https://user:pass@api.x.ai/",
    sequence: 0,
    request: {
      method: "GET",
      url,
      headers: [
        ["Authorization", `Bearer ${FAKE_KEY}`],
        ["x-api-key", FAKE_KEY],
        ["Cookie", "session=abc"],
      ],
    },
    response: { status: 200, headers: [["Set-Cookie", "__cf_bm=x"]], headersMs: 1, endMs: 2, ...overrides },
  };
}

describe("redaction and the secret scan", () => {
  it("empties credential and cookie headers and replaces the key everywhere, in every form", () => {
    const original = cassette(
      {
        headers: [
          ["set-cookie", "__cf_bm=x"],
          ["x-echo", FAKE_KEY],
        ],
        frames: [{ ms: 1, text: `data: {"k":"${FAKE_KEY}"}\n\n` }],
      },
      `/v1/models?key=${encodeURIComponent(FAKE_KEY)}&again=%78${FAKE_KEY.slice(1)}`,
    );
    const redacted = redactCassette(original, [FAKE_KEY]);
    expect(redacted.upstream).toBe("https://api.x.ai");
    expect(redacted.request.headers).toEqual([
      ["Authorization", `Bearer ${REDACTED}`],
      ["x-api-key", REDACTED],
      ["Cookie", REDACTED],
    ]);
    expect(redacted.request.url).toBe(`/v1/models?key=${REDACTED}&again=${REDACTED}`);
    expect(redacted.response.headers).toEqual([
      ["set-cookie", REDACTED],
      ["x-echo", REDACTED],
    ]);
    expect(JSON.stringify(redacted)).not.toContain(FAKE_KEY.slice(4));
    expect(leftSecret(redacted, [FAKE_KEY])).toBeUndefined();

    const body = redactCassette(cassette({ body: { base64: Buffer.from(`key=${FAKE_KEY}`).toString("base64") } }), [
      FAKE_KEY,
    ]);
    expect(payloadBytes(body.response.body!).toString()).toBe(`key=${REDACTED}`);
  });

  it("finds what is left — an unknown xai- key, a bearer token, the key inside base64 — and says where, never what", () => {
    // Redacted knowing no secret: the headers are emptied, the bodies left as they are.
    const cases: [Cassette, string][] = [
      [cassette({ body: { json: { note: OTHER_KEY } } }), "an xAI API key (xai-…) at /response/body/json/note"],
      [
        cassette({ body: { text: "Authorization: Bearer sk-live-0123456789" } }),
        "a bearer token at /response/body/text",
      ],
      [
        cassette({ frames: [{ ms: 1, base64: Buffer.from(`data: ${FAKE_KEY}\n\n`).toString("base64") }] }),
        "the request's credential at /response/frames/0/base64",
      ],
    ];
    for (const [leaky, expected] of cases) {
      const found = leftSecret(redactCassette(leaky, []), [FAKE_KEY]);
      expect(found).toBe(expected);
      expect(found).not.toContain(OTHER_KEY.slice(4, 20));
    }
    const harmless = cassette({ body: { text: "Incorrect API key provided: xa***QW; Bearer tokens; xai-...b14o" } });
    expect(leftSecret(redactCassette(harmless, [FAKE_KEY]), [FAKE_KEY])).toBeUndefined();
  });
});
