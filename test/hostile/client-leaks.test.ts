/**
 * Issue 16, defect 2: the API key leaked through streamed errors. A hostile server echoes the request's Authorization
 * header into every place a stream can carry an error — `event: error` and `{"error": …}` payloads of all three
 * dialects, and malformed event data a StreamParseError describes — and the key must not appear in anything the
 * thrown error shows: message, String(), stack, JSON, util.inspect (causes included), body, headers. Keys given as
 * `apiKey`, through `XAI_API_KEY`, or only through `defaultHeaders` (Authorization or x-api-key) are all covered.
 */
import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  APIError,
  AuthenticationError,
  type ClientOptions,
  createXai,
  StreamParseError,
  XaiError,
} from "../../src/index.ts";
import { renderings } from "../support/renderings.ts";
import { type HostileServer, hostileServer } from "./client-server.ts";

const KEY = "xai-HOSTILE-ECHO-KEY-9c41d07e55b2a8f3e6d1";

/** Every credential the request carried, as a careless server would quote it. */
function bearer(request: IncomingMessage): string {
  return [request.headers.authorization, request.headers["x-api-key"]].filter(Boolean).join(" ");
}

/** Stream bodies that put the caller's credential where an error is built from it, per dialect. */
const echoes: Record<string, (auth: string) => string> = {
  "chat: data {error:{message,type}}": (auth) =>
    `data: ${JSON.stringify({ error: { message: `Incorrect API key provided: ${auth}`, type: "authentication_error" } })}\n\n`,
  "chat: data {code,error} (xAI's flat shape)": (auth) =>
    `data: ${JSON.stringify({ code: "unauthenticated", error: `Incorrect API key: ${auth}` })}\n\n`,
  "chat: data as a bare JSON string": (auth) => `data: ${JSON.stringify(`bad key ${auth}`)}\n\n`,
  "chat: event: error in plain text": (auth) => `event: error\ndata: unauthenticated ${auth}\n\n`,
  "responses: event: error": (auth) =>
    `event: error\ndata: ${JSON.stringify({ type: "error", code: "invalid_api_key", message: `key ${auth}`, param: auth, sequence_number: 0 })}\n\n`,
  "responses: type error without event name": (auth) =>
    `data: ${JSON.stringify({ type: "error", code: null, message: `key ${auth}`, param: null, sequence_number: 0 })}\n\n`,
  "messages: event: error": (auth) =>
    `event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "authentication_error", message: auth } })}\n\n`,
  "malformed data quoting the key (StreamParseError)": (auth) => `data: {"id": ${auth}}\n\n`,
  "malformed data, the key 30 characters in": (auth) => `data: [1, 2, "${"x".repeat(20)}${auth}"\n\n`,
  "event name carrying the key": (auth) => `event: ${auth}\ndata: not json\n\n`,
};

let server: HostileServer;
beforeAll(async () => {
  server = await hostileServer((request, response) => {
    const kind = decodeURIComponent(String(request.headers["x-echo"]));
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "x-echo-authorization": bearer(request),
      "www-authenticate": bearer(request),
    });
    response.end(echoes[kind]!(bearer(request)));
  });
});
afterAll(() => server.close());

async function streamFailure(options: ClientOptions, kind: string): Promise<unknown> {
  const xai = createXai({ baseUrl: server.url, maxRetries: 0, ...options });
  const headers = { "x-echo": encodeURIComponent(kind) };
  const streams = {
    chat: () => xai.chat.completions.create({ model: "grok-4", messages: [], stream: true }, { headers }),
    responses: () => xai.responses.create({ model: "grok-4", input: "hi", stream: true }, { headers }),
    messages: () => xai.messages.create({ model: "grok-4", max_tokens: 8, messages: [], stream: true }, { headers }),
  };
  const open = kind.startsWith("responses")
    ? streams.responses
    : kind.startsWith("messages")
      ? streams.messages
      : streams.chat;
  const stream = await open();
  try {
    for await (const _ of stream);
  } catch (error) {
    return error;
  }
  return expect.fail(`${kind}: the stream did not fail`);
}

describe.each([
  ["apiKey", { apiKey: KEY }, KEY],
  ["defaultHeaders Authorization only", { defaultHeaders: { Authorization: `Bearer ${KEY}` } }, KEY],
  ["defaultHeaders x-api-key only", { defaultHeaders: { "x-api-key": KEY } }, KEY],
])("key given as %s", (_source, options, secret) => {
  it.each(Object.keys(echoes))("%s: the thrown error never shows the key", async (kind) => {
    const error = await streamFailure(options, kind);
    expect(error).toBeInstanceOf(XaiError);
    expect(renderings(error)).not.toContain(secret);
  });
});

describe("what the errors say instead", () => {
  it("an echoed streamed auth error is still the typed AuthenticationError, with the key redacted", async () => {
    const error = await streamFailure({ apiKey: KEY }, "messages: event: error");
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as APIError).message).toBe("401: Bearer [redacted]");
    expect((error as APIError).headers["x-echo-authorization"]).toBe("Bearer [redacted]");
  });

  it("a StreamParseError describes the problem without quoting the data", async () => {
    const error = await streamFailure({ apiKey: KEY }, "malformed data, the key 30 characters in");
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as Error).message).toMatch(/is not valid JSON$/);
    // Not even a window of the key (which no redaction could recognise) is quoted.
    expect(renderings(error)).not.toContain(KEY.slice(0, 12));
  });

  it("a key from XAI_API_KEY is redacted like one passed as apiKey", async () => {
    vi.stubEnv("XAI_API_KEY", KEY);
    try {
      const error = await streamFailure({}, "chat: data {error:{message,type}}");
      expect(error).toBeInstanceOf(APIError);
      expect(renderings(error)).not.toContain(KEY);
      expect((error as Error).message).toContain("[redacted]");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
