/**
 * Issue 16, part 3: a property test that throws the key at every error path and greps every serialisation. fast-check
 * picks the key (any length and alphabet a real credential might have), how the client got it (`apiKey`,
 * `XAI_API_KEY`, `defaultHeaders` Authorization or x-api-key), the failure (an HTTP error body in each shape, echoed
 * headers and status text, an error inside a 200, an SSE error event in each of the three dialects, malformed event
 * data, invalid JSON, a connection error whose cause chain quotes it, an abort reason) and where in the text the
 * server puts the credential. Whatever it picks, the key appears in no rendering of the thrown error nor in what
 * `onRetry` saw.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ClientOptions, createXai, type RetryInfo, XaiError } from "../../src/index.ts";
import { fastCheckSeed } from "../support/fast-check-seed.ts";
import { renderings } from "../support/renderings.ts";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

/** Runs per failure path; `FC_RUNS=<n>` explores more. */
const RUNS = Number(process.env.FC_RUNS ?? 25);
const keyAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=";
const keys = fc
  .string({ unit: fc.constantFrom(...keyAlphabet), minLength: 12, maxLength: 96 })
  .map((tail) => `xai-${tail}`);

type Source = "apiKey" | "env" | "authorization" | "x-api-key";
const sources = fc.constantFrom<Source>("apiKey", "env", "authorization", "x-api-key");

function clientOptions(source: Source, key: string): ClientOptions {
  switch (source) {
    case "apiKey":
      return { apiKey: key };
    case "env":
      vi.stubEnv("XAI_API_KEY", key);
      return {};
    case "authorization":
      return { defaultHeaders: { Authorization: `Bearer ${key}` } };
    case "x-api-key":
      return { defaultHeaders: { "x-api-key": key } };
  }
}

/** How a careless server quotes what it received. */
const quotings = fc.constantFrom(
  (credential: string) => credential,
  (credential: string) =>
    `Incorrect API key provided: ${credential}. You can obtain an API key from https://console.x.ai.`,
  (credential: string) => `${credential}${credential}`,
);

const sse = (frames: string) => new Response(frames, { headers: { "content-type": "text/event-stream" } });
const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

type Failure = {
  stream: "chat" | "responses" | "messages" | undefined;
  respond: (echo: string) => Response | Promise<Response>;
};

/** Every path an error takes through the client, each with the credential where the server can put it. */
const failures: Record<string, Failure> = {
  "HTTP, nested shape": {
    stream: undefined,
    respond: (e) => json({ error: { message: e, type: e, code: e, param: e } }, 401),
  },
  "HTTP, flat shape": { stream: undefined, respond: (e) => json({ code: e, error: e }, 400) },
  "HTTP, numeric code": {
    stream: undefined,
    respond: (e) => json({ code: 429, error: e }, 429, { "retry-after-ms": "0" }),
  },
  "HTTP, bare JSON string": { stream: undefined, respond: (e) => json(e, 403) },
  "HTTP, text": {
    stream: undefined,
    respond: (e) => new Response(e, { status: 500, headers: { "retry-after-ms": "0" } }),
  },
  "HTTP, HTML page": {
    stream: undefined,
    respond: (e) => new Response(`<html><title>${e}</title></html>`, { status: 502 }),
  },
  "HTTP, echoed headers and status text": {
    stream: undefined,
    respond: (e) =>
      new Response(null, {
        status: 400,
        statusText: e.replace(/[^\x20-\x7e]/g, ""),
        headers: { "x-echo": e, "www-authenticate": e },
      }),
  },
  "error inside a 200": {
    stream: undefined,
    respond: (e) => json({ code: "unavailable", error: e }, 200, { "retry-after-ms": "0" }),
  },
  "invalid JSON in a 200": { stream: undefined, respond: (e) => new Response(`{"data": ${e}`, { status: 200 }) },
  "connection error quoting it in its cause chain": {
    stream: undefined,
    respond: (e) => {
      throw new TypeError(`fetch failed: ${e}`, { cause: new Error(`socket: ${e}`, { cause: e }) });
    },
  },
  "chat: data {error}": {
    stream: "chat",
    respond: (e) => sse(`data: ${JSON.stringify({ error: { message: e, type: e } })}\n\n`),
  },
  "chat: data {code, error}": {
    stream: "chat",
    respond: (e) => sse(`data: ${JSON.stringify({ code: e, error: e })}\n\n`),
  },
  "chat: data as a JSON string": { stream: "chat", respond: (e) => sse(`data: ${JSON.stringify(e)}\n\n`) },
  "chat: event: error, plain text": { stream: "chat", respond: (e) => sse(`event: error\ndata: ${e}\n\n`) },
  "responses: type error": {
    stream: "responses",
    respond: (e) =>
      sse(`data: ${JSON.stringify({ type: "error", code: e, message: e, param: e, sequence_number: 0 })}\n\n`),
  },
  "responses: event: error": {
    stream: "responses",
    respond: (e) =>
      sse(`event: error\ndata: ${JSON.stringify({ type: "error", code: null, message: e, param: null })}\n\n`),
  },
  "messages: event: error": {
    stream: "messages",
    respond: (e) => sse(`event: error\ndata: ${JSON.stringify({ type: "error", error: { type: e, message: e } })}\n\n`),
  },
  "stream: malformed data": { stream: "chat", respond: (e) => sse(`data: {"x": ${e}}\n\n`) },
  "stream: event name": { stream: "messages", respond: (e) => sse(`event: ${e}\ndata: [${e}\n\n`) },
};

/** The credential exactly as the request carried it (what a server would echo). */
function credentialOf(request: Request): string {
  return request.headers.get("x-api-key") ?? request.headers.get("authorization") ?? "";
}

/** Runs the failing call with fake timers, so the backoff before its one retry takes no time. */
async function failureOf(failure: Failure, options: ClientOptions, retried: RetryInfo[]): Promise<unknown> {
  vi.useFakeTimers();
  const outcome = failingCall(failure, options, retried);
  await vi.runAllTimersAsync();
  vi.useRealTimers();
  return outcome;
}

async function failingCall(failure: Failure, options: ClientOptions, retried: RetryInfo[]): Promise<unknown> {
  const xai = createXai({ ...options, maxRetries: 1, onRetry: (info) => retried.push(info) });
  try {
    if (failure.stream === undefined) {
      await xai.models.list();
    } else {
      const stream =
        failure.stream === "chat"
          ? await xai.chat.completions.create({ model: "m", messages: [], stream: true })
          : failure.stream === "responses"
            ? await xai.responses.create({ model: "m", input: "x", stream: true })
            : await xai.messages.create({ model: "m", max_tokens: 1, messages: [], stream: true });
      for await (const _ of stream);
    }
  } catch (error) {
    return error;
  }
  return expect.fail("the call did not fail");
}

describe("the key appears in no error and no onRetry info, whatever path the failure takes", () => {
  it.each(Object.keys(failures))("%s", async (name) => {
    const failure = failures[name]!;
    await fc.assert(
      fc.asyncProperty(keys, sources, quotings, async (key, source, quote) => {
        const retried: RetryInfo[] = [];
        const options: ClientOptions = {
          ...clientOptions(source, key),
          baseUrl: "https://api.x.ai",
          fetch: async (request: Request, _init?: RequestInit) => failure.respond(quote(credentialOf(request))),
        };
        const error = await failureOf(failure, options, retried);
        vi.unstubAllEnvs();
        expect(error).toBeInstanceOf(XaiError);
        expect(renderings(error)).not.toContain(key);
        for (const info of retried) expect(`${JSON.stringify(info)}\n${renderings(info.error)}`).not.toContain(key);
      }),
      { seed: fastCheckSeed, numRuns: RUNS },
    );
  });

  it("an abort reason quoting the key", async () => {
    await fc.assert(
      fc.asyncProperty(keys, sources, async (key, source) => {
        const xai = createXai({ ...clientOptions(source, key), fetch: async () => new Response("{}") });
        const reason = new Error(`cancelled by ${key}`);
        const error = await xai.models.list({ signal: AbortSignal.abort(reason) }).catch((e: unknown) => e);
        vi.unstubAllEnvs();
        expect(error).toBeInstanceOf(XaiError);
        expect(renderings(error)).not.toContain(key);
      }),
      { seed: fastCheckSeed, numRuns: RUNS },
    );
  });

  it("the grep is not blind: an unredacted rendering of the same key is caught", () => {
    const key = "xai-planted-0123456789";
    expect(renderings(new XaiError(`oops ${key}`))).toContain(key);
  });
});
