import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.ts";
import type { ResourceTree } from "../generated/resources.ts";
import { Deadlines } from "./core/deadlines.ts";
import { isBrowser, isLoopback, readEnv } from "./core/env.ts";
import { XaiError } from "./core/errors.ts";
import { redactor, secretsOf } from "./core/redact.ts";
import { type Core, DEFAULT_MAX_RESPONSE_BYTES, type Fetch, type RetryInfo } from "./core/state.ts";
import { validByteLimit, validMilliseconds, validRetries } from "./core/validate.ts";
import { buildResources, type Resources } from "./resources/derive.ts";
import { handWritten } from "./resources/index.ts";

export const DEFAULT_BASE_URL = "https://api.x.ai";
/** 10 minutes per attempt: reasoning models can think for minutes before a non-streamed answer starts. */
export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_RETRIES = 2;

export interface ClientOptions {
  /** Default: env XAI_API_KEY. Required unless `baseUrl` is a loopback address (e.g. the mock). */
  apiKey?: string | undefined;
  /** Default: env XAI_BASE_URL, else https://api.x.ai. A trailing "/v1" is dropped (paths carry it). */
  baseUrl?: string | undefined;
  /** Milliseconds per attempt, default 600000 (10 min); Infinity disables it. Streams: also the longest wait between chunks. */
  timeout?: number | undefined;
  /**
   * Milliseconds for a whole call, every attempt and the waits between retries included (for a stream: until its
   * headers); default Infinity. A retry that could not start before it is not attempted.
   */
  totalTimeout?: number | undefined;
  /** Retries after the first attempt, default 2. */
  maxRetries?: number | undefined;
  /**
   * The largest response body the client buffers, and the largest single event of a stream, default 64 MiB; beyond
   * it a call fails with ResponseTooLargeError (not retried). Infinity disables the limit.
   */
  maxResponseBytes?: number | undefined;
  /**
   * A fetch implementation, e.g. for proxies or tests. Default: globalThis.fetch at call time.
   * Timeout and abort reach it as `init.signal` when it declares a second parameter
   * (`(request, init) => …`, forward `init`), otherwise as `request.signal`.
   */
  fetch?: Fetch | undefined;
  /** Sent with every request; per-call `headers` override them. */
  defaultHeaders?: Record<string, string> | undefined;
  /** Allow running in a browser, where the API key would be visible to every visitor of the page. */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Called before each retry with the attempt number, the delay and why. */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

/**
 * The client: one property per resource of the spec (`xai.files`, `xai.chat.completions`, …), each method typed from
 * the operation it calls (names: openapi/operation-names.yaml).
 */
export interface Xai extends Resources<ResourceTree, "", typeof handWritten> {
  /** The typed openapi-fetch client: `{ data, error, response }`, no retries or timeouts. */
  readonly raw: Client<paths>;
}

/** Creates a client for the xAI REST API. Throws XaiError for invalid options or a missing key. */
export function createXai(options: ClientOptions = {}): Xai {
  if (isBrowser() && !options.dangerouslyAllowBrowser) {
    throw new XaiError(
      "createXai() refuses to run in a browser: every visitor could read your API key and spend your credits. " +
        "Call xAI from a server, or pass dangerouslyAllowBrowser: true for a key meant to be public.",
    );
  }
  const baseUrl = resolveBaseUrl(options.baseUrl ?? readEnv("XAI_BASE_URL") ?? DEFAULT_BASE_URL);
  const key = options.apiKey ?? readEnv("XAI_API_KEY");
  const headers: Record<string, string> = {};
  if (key) {
    headers.Authorization = `Bearer ${key}`;
  } else if (isLoopback(new URL(baseUrl))) {
    // A local server (the mock) only checks that a bearer token is present.
    headers.Authorization = "Bearer local";
  } else if (!hasCredentials(options.defaultHeaders)) {
    throw new XaiError(
      `Missing API key for ${baseUrl}: pass createXai({ apiKey }) or set the XAI_API_KEY environment variable.`,
    );
  }
  const core: Core = {
    raw: createClient<paths>({
      baseUrl,
      headers: { ...headers, ...options.defaultHeaders },
      bodySerializer: serializeBody,
      // Methods hand openapi-fetch each attempt's own fetch; this one serves `raw` calls.
      fetch: (request) => (options.fetch ?? globalThis.fetch)(request),
    }),
    fetch: options.fetch,
    signalInInit: !options.fetch || options.fetch.length >= 2,
    deadlines: new Deadlines(),
    timeout: validMilliseconds("timeout", options.timeout ?? DEFAULT_TIMEOUT_MS),
    totalTimeout: validMilliseconds("totalTimeout", options.totalTimeout ?? Number.POSITIVE_INFINITY),
    maxRetries: validRetries(options.maxRetries ?? DEFAULT_MAX_RETRIES),
    maxResponseBytes: validByteLimit("maxResponseBytes", options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES),
    onRetry: options.onRetry,
    redact: redactor(secretsOf(key, options.defaultHeaders)),
  };
  return { raw: core.raw, ...buildResources(core, handWritten) };
}

function resolveBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new XaiError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new XaiError(`baseUrl must use http or https, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    // fetch refuses URLs with credentials; they would also end up in logs and onRetry.
    throw new XaiError("baseUrl must not contain credentials (user:password@); send them with defaultHeaders");
  }
  return url.href.replace(/\/+$/, "").replace(/\/v1$/, "");
}

/** Whether the default headers carry credentials of their own (`Authorization`, or `x-api-key`). */
function hasCredentials(headers: Record<string, string> | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => /^(authorization|x-api-key)$/i.test(name));
}

/** JSON by default; FormData, binary and stream bodies pass through untouched. */
function serializeBody(body: unknown): unknown {
  if (
    body instanceof FormData ||
    body instanceof Blob ||
    body instanceof ReadableStream ||
    body instanceof URLSearchParams ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  ) {
    return body;
  }
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new XaiError(`The request body cannot be serialized as JSON: ${(error as Error).message}`);
  }
}
