/**
 * Issue 13, part 1 (client side): every error shape observed from api.x.ai maps to the right typed error. The bodies
 * are the real captured ones from the public evidence summarised in /work/shared/wire/SUMMARY.md (observations.jsonl;
 * each row names its source), sent through the client as the wire carried them.
 */
import { describe, expect, it, vi } from "vitest";
import {
  APIError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../src/index.ts";
import { ChatCompletionStream, MessageStream, ResponseStream } from "../../src/streaming/streams.ts";
import { sseResponse } from "../streaming/fixtures.ts";
import { client } from "./helpers.ts";

const CLOUDFLARE_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
  "<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";

interface HttpCase {
  /** Where the body was captured (observations.jsonl `source.url`), or what it stands for. */
  source: string;
  status: number;
  body: string;
  contentType?: string;
  statusText?: string;
  expected: {
    class: typeof APIError;
    status: number;
    code: string | undefined;
    rawCode?: string | number;
    message: string;
  };
}

const http: HttpCase[] = [
  {
    source: "github.com/nocmt/LLMSearchPlus/issues/2 — flat shape, older gRPC-description code, pretty-printed",
    status: 400,
    body: '{\n  "code": "Client specified an invalid argument",\n  "error": "The model expects a single `text` element per message."\n}',
    expected: {
      class: BadRequestError,
      status: 400,
      code: "invalid-argument",
      rawCode: "Client specified an invalid argument",
      message: "400: The model expects a single `text` element per message.",
    },
  },
  {
    source: "wire fixture error/invalid-api-key — flat shape, newer kebab-case code (a wrong key is a 400)",
    status: 400,
    body: '{"code":"invalid-argument","error":"Incorrect API key provided. You can obtain an API key from https://console.x.ai."}',
    expected: {
      class: BadRequestError,
      status: 400,
      code: "invalid-argument",
      rawCode: "invalid-argument",
      message: "400: Incorrect API key provided. You can obtain an API key from https://console.x.ai.",
    },
  },
  {
    source: "docs.x.ai (error/unknown-model) — not-found naming the model",
    status: 404,
    body: '{"code":"not-found","error":"The model grok-2-1212 was deprecated on 2025-09-15 and is no longer accessible via the API. Please use grok-3 instead."}',
    expected: {
      class: NotFoundError,
      status: 404,
      code: "not-found",
      rawCode: "not-found",
      message:
        "404: The model grok-2-1212 was deprecated on 2025-09-15 and is no longer accessible via the API. Please use grok-3 instead.",
    },
  },
  {
    source: "litellm issue (error/not-found-route) — older dialect of not-found",
    status: 404,
    body: '{"code":"Some requested entity was not found","error":"No handler found on route. Please double check your URL and consult https://api.x.ai/docs for more information."}',
    expected: {
      class: NotFoundError,
      status: 404,
      code: "not-found",
      rawCode: "Some requested entity was not found",
      message:
        "404: No handler found on route. Please double check your URL and consult https://api.x.ai/docs for more information.",
    },
  },
  {
    source: "wire fixture error/rate-limit — resource-exhausted",
    status: 429,
    body: '{"code":"resource-exhausted","error":"Too many requests for team f1692451-874f-4765-ab9b-5285f6c6ff65 and model grok-4.5. Requests per Minute (actual/limit): 2/2."}',
    expected: {
      class: RateLimitError,
      status: 429,
      code: "resource-exhausted",
      rawCode: "resource-exhausted",
      message:
        "429: Too many requests for team f1692451-874f-4765-ab9b-5285f6c6ff65 and model grok-4.5. Requests per Minute (actual/limit): 2/2.",
    },
  },
  {
    source: "wire fixture error/credits-exhausted — a numeric code",
    status: 429,
    body: '{"code":429,"error":"You ran out of credits. [WKE=personal-team-blocked:spending-limit]"}',
    expected: {
      class: RateLimitError,
      status: 429,
      code: "resource-exhausted",
      rawCode: 429,
      message: "429: You ran out of credits. [WKE=personal-team-blocked:spending-limit]",
    },
  },
  {
    source: "wire fixture error/credits-exhausted-oauth — older dialect of permission-denied",
    status: 403,
    body: '{"code":"The caller does not have permission to execute the specified operation","error":"You have run out of credits or need a Grok subscription. [WKE=personal-team-blocked:spending-limit]"}',
    expected: {
      class: PermissionDeniedError,
      status: 403,
      code: "permission-denied",
      rawCode: "The caller does not have permission to execute the specified operation",
      message:
        "403: You have run out of credits or need a Grok subscription. [WKE=personal-team-blocked:spending-limit]",
    },
  },
  {
    source: "verbatim log error/deserialization-422 — `error` alone, no code",
    status: 422,
    body: '{"error":"Failed to deserialize the JSON body into the target type: data did not match any variant of untagged enum ModelInput"}',
    expected: {
      class: UnprocessableEntityError,
      status: 422,
      code: undefined,
      message:
        "422: Failed to deserialize the JSON body into the target type: data did not match any variant of untagged enum ModelInput",
    },
  },
  {
    source: "wire fixture error/misc-corpus — a bare JSON string body",
    status: 400,
    body: '"A request may either be streaming or deferred, but not both."',
    expected: {
      class: BadRequestError,
      status: 400,
      code: "invalid-argument",
      message: "400: A request may either be streaming or deferred, but not both.",
    },
  },
  {
    source: "verbatim log error/unsupported-parameter — a proxy's flat body with extra fields",
    status: 400,
    body: '{\n  "error": "Argument not supported on this model: presencePenalty",\n  "endpoint": "https://api.x.ai/v1",\n  "provider": "xai"\n}',
    expected: {
      class: BadRequestError,
      status: 400,
      code: "invalid-argument",
      message: "400: Argument not supported on this model: presencePenalty",
    },
  },
  {
    source: "verbatim log error/overload-503 — unavailable, older dialect",
    status: 503,
    body: '{"code":"The service is currently unavailable","error":"Grammar is too complex."}',
    expected: {
      class: InternalServerError,
      status: 503,
      code: "unavailable",
      rawCode: "The service is currently unavailable",
      message: "503: Grammar is too complex.",
    },
  },
  {
    source: "error/bad-gateway-html — Cloudflare's HTML 502 page",
    status: 502,
    statusText: "Bad Gateway",
    contentType: "text/html",
    body: CLOUDFLARE_502,
    expected: { class: InternalServerError, status: 502, code: undefined, message: "502 Bad Gateway: 502 Bad Gateway" },
  },
  {
    source: "the OpenAI nested shape (proxies, SDK fixtures)",
    status: 429,
    body: '{"error":{"message":"Rate limit reached","type":"rate_limit_error","code":"rate_limit_exceeded","param":null}}',
    expected: {
      class: RateLimitError,
      status: 429,
      code: "resource-exhausted",
      rawCode: "rate_limit_exceeded",
      message: "429: Rate limit reached",
    },
  },
];

describe("HTTP error bodies as captured", () => {
  it.each(http.map((c) => [c.source, c] as const))("%s", async (_source, c) => {
    const { xai } = client(
      () =>
        new Response(c.body, {
          status: c.status,
          statusText: c.statusText ?? "",
          headers: { "content-type": c.contentType ?? "application/json" },
        }),
      { maxRetries: 0 },
    );
    const error = (await xai.models.list().catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(c.expected.class);
    expect(error.constructor).toBe(c.expected.class);
    expect(error.status).toBe(c.expected.status);
    expect(error.code).toBe(c.expected.code);
    expect(error.rawCode).toBe(c.expected.rawCode);
    expect(error.message).toBe(c.expected.message);
  });
});

describe("an error inside a 200 response (xAI sends overload errors that way)", () => {
  const overloaded = '{"code":"The service is currently unavailable","error":"Timed out waiting for first token"}';
  const ok = '{"object":"list","data":[]}';

  it("is thrown as the error its code stands for, and retried like that status", async () => {
    vi.useFakeTimers();
    try {
      const bodies = [overloaded, ok];
      const { xai, calls } = client((_request, index) => new Response(bodies[index], { status: 200 }));
      const result = xai.models.list();
      await vi.runAllTimersAsync();
      expect(await result).toEqual({ object: "list", data: [] });
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("fails with InternalServerError (503, unavailable) once the retries run out", async () => {
    const { xai } = client(() => new Response(overloaded, { status: 200 }), { maxRetries: 0 });
    const error = (await xai.models.list().catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 503,
      code: "unavailable",
      message: "503: Timed out waiting for first token",
    });
  });

  it("a 200 body that merely has an `error` field next to others is data, not an error", async () => {
    const video = { status: "failed", error: { code: "invalid_argument", message: "image_url must be a URL." } };
    const { xai } = client(() => Response.json(video));
    expect(await xai.videos.retrieve("v1")).toEqual(video);
  });
});

describe("an error inside an SSE frame", () => {
  const errorOf = async (stream: AsyncIterable<unknown>) => {
    try {
      for await (const _ of stream);
    } catch (error) {
      return error as APIError;
    }
    return expect.fail("the stream did not fail");
  };

  it("chat: xAI's flat shape in a data frame (stream/chat-error-in-sse)", async () => {
    const frame =
      'data: {"code":"The service is currently unavailable","error":"Service temporarily unavailable. The model did not respond to this request."}\n\n';
    const error = await errorOf(new ChatCompletionStream(sseResponse([frame])));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 503,
      code: "unavailable",
      message: "503: Service temporarily unavailable. The model did not respond to this request.",
    });
  });

  it("chat: a bare JSON string in a data frame", async () => {
    const error = await errorOf(
      new ChatCompletionStream(
        sseResponse(['data: "A request may either be streaming or deferred, but not both."\n\n']),
      ),
    );
    expect(error.constructor).toBe(APIError);
    expect(error.message).toBe("API error: A request may either be streaming or deferred, but not both.");
  });

  it("responses: {type: error, code: null, message, param: null, sequence_number} (stream/responses-error-event)", async () => {
    const frame =
      'data: {"sequence_number":0,"type":"error","code":null,"message":"Invalid arguments passed to the model.","param":null}\n\n';
    const error = await errorOf(new ResponseStream(sseResponse([frame])));
    expect(error.constructor).toBe(APIError);
    expect(error).toMatchObject({
      status: undefined,
      code: undefined,
      message: "API error: Invalid arguments passed to the model.",
    });
  });

  it("messages: an Anthropic-style event: error", async () => {
    const frame = 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const error = await errorOf(new MessageStream(sseResponse([frame])));
    expect(error).toBeInstanceOf(OverloadedError);
    expect(error).toMatchObject({ status: 529, type: "overloaded_error", message: "529: Overloaded" });
  });
});
