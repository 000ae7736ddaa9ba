import { describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  makeAPIError,
  NotFoundError,
  OverloadedError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  XaiError,
} from "../../src/index.ts";
import { client, json } from "./helpers.ts";

const noRetry = { maxRetries: 0 };

describe("status → error class", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, PayloadTooLargeError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [529, OverloadedError],
    [418, APIError],
  ])("%i → %o", async (status, Class) => {
    const { xai } = client(() => json({ error: { message: "nope" } }, status), noRetry);
    const error = await xai.models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(XaiError);
    expect((error as APIError).status).toBe(status);
    expect((error as APIError).name).toBe(Class.name);
  });

  it("529 overloaded is still an InternalServerError", () => {
    expect(makeAPIError(529, undefined, undefined)).toBeInstanceOf(InternalServerError);
  });
});

describe("error bodies", () => {
  it('parses {"error": {"message", "type", "code", "param"}}', async () => {
    const body = {
      error: { message: "Invalid model", type: "invalid_request_error", code: "model_not_found", param: "model" },
    };
    const { xai } = client(() => json(body, 400, { "x-request-id": "req-42" }));
    const error = (await xai.models.list().catch((e: unknown) => e)) as APIError;
    expect(error.message).toBe("400: Invalid model");
    expect(error).toMatchObject({
      code: "invalid-argument", // from `type`: the raw code names no kind
      rawCode: "model_not_found",
      type: "invalid_request_error",
      param: "model",
    });
    expect(error.requestId).toBe("req-42");
    expect(error.headers["x-request-id"]).toBe("req-42");
    expect(error.body).toEqual(body);
  });

  it('parses {"code", "error"}', async () => {
    const body = { code: "Client specified an invalid argument", error: "Incorrect API key provided" };
    const { xai } = client(() => json(body, 400));
    const error = (await xai.models.list().catch((e: unknown) => e)) as APIError;
    expect(error.message).toBe("400: Incorrect API key provided");
    expect(error.code).toBe("invalid-argument");
    expect(error.rawCode).toBe("Client specified an invalid argument");
  });

  it("keeps a non-JSON body as text, and names an HTML page by its text", async () => {
    const { xai } = client(
      () => new Response("<html><body><h1>Bad Gateway</h1></body></html>", { status: 502, statusText: "Bad Gateway" }),
      noRetry,
    );
    const error = (await xai.models.list().catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe("502 Bad Gateway: Bad Gateway");
    expect(error.body).toBe("<html><body><h1>Bad Gateway</h1></body></html>");
  });

  it("an empty body still gives status and status text", async () => {
    const { xai } = client(() => new Response(null, { status: 404, statusText: "Not Found" }));
    const error = (await xai.models.retrieve("nope").catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("404 Not Found (empty response body)");
    expect(error.body).toBeUndefined();
  });

  it("truncates a huge text body in the message", () => {
    const error = makeAPIError(500, "x".repeat(5000), {});
    expect(error.message.length).toBeLessThan(1100);
  });

  it("an unrecognised JSON body is shown as JSON", () => {
    expect(makeAPIError(400, { detail: "weird" }, {}).message).toBe('400: {"detail":"weird"}');
  });

  it("an SSE error payload without status maps to APIError", () => {
    const error = makeAPIError(undefined, { error: { message: "stream broke", type: "server_error" } }, undefined);
    expect(error.constructor).toBe(APIError);
    expect(error.message).toBe("API error: stream broke");
    expect(error.type).toBe("server_error");
  });

  it("serialises to JSON with name, message and fields", () => {
    const error = makeAPIError(429, { error: { message: "slow down", code: "rate_limited" } }, { "x-request-id": "r" });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "RateLimitError",
      message: "429: slow down",
      status: 429,
      code: "resource-exhausted",
      rawCode: "rate_limited",
      requestId: "r",
    });
    expect(String(error)).toBe("RateLimitError: 429: slow down");
  });
});
