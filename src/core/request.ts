import { GuardedBody } from "../streaming/guarded-body.ts";
import { APIPromise, type APIResult } from "./api-promise.ts";
import { isErrorBody, statusOfErrorBody } from "./error-body.ts";
import { APIConnectionTimeoutError, type APIError, APIUserAbortError, makeAPIError, XaiError } from "./errors.ts";
import { type AttemptInit, Exchange } from "./exchange.ts";
import { isRetryable, retryDelayMs } from "./retry.ts";
import type { Core, RequestOptions } from "./state.ts";
import { sleep } from "./timers.ts";
import { validByteLimit, validMilliseconds, validRetries } from "./validate.ts";

export type { AttemptInit } from "./exchange.ts";
export type { Core, RequestOptions, RetryInfo } from "./state.ts";

/** One openapi-fetch call, e.g. `(init) => core.raw.GET("/v1/models", init)`. */
export type Attempt<T> = (init: AttemptInit) => Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * Runs one operation through openapi-fetch with timeouts, caller signal, retries and typed errors.
 *
 * - JSON (default `parseAs`): resolves once the body is parsed; the timeout covers the whole exchange, and the body
 *   may not exceed `maxResponseBytes`. A 200 whose body is an error (`{"code", "error"}`) throws like its status.
 * - `parseAs: "stream"` in the openapi-fetch call: resolves when headers arrive with `data` = the body as a
 *   ReadableStream (read `data`, not `response.body`). The timeout covers the wait for headers, then each wait for
 *   the next chunk; the caller's signal keeps aborting the request until the stream ends; cancelling `data` aborts
 *   the request. A response is never retried once returned, so a stream never restarts.
 * - Bodies: JSON objects, FormData, Blob, ArrayBuffer(View), URLSearchParams and ReadableStream are sent as given
 *   (set `content-type` via `headers` for binary ones; pass `duplex: "half"` with a ReadableStream). Pass
 *   `oneShotBody: true` for a body that cannot be replayed: it is never retried.
 */
export function call<T>(core: Core, attempt: Attempt<T>, options?: RequestOptions, oneShotBody = false): APIPromise<T> {
  return new APIPromise(send(core, attempt, options, oneShotBody));
}

/** Why an attempt failed, and whether another attempt may help. */
interface Failure {
  error: XaiError;
  retryable: boolean;
  headers: Headers | undefined;
}

/**
 * `call` without the APIPromise wrapper: resolves to `{ data, response }`. The retry loop: attempts until one
 * succeeds, a failure is not worth retrying, the retries run out, or the call's `totalTimeout` leaves no time for
 * another. A streamed body is a GuardedBody.
 */
export async function send<T>(
  core: Core,
  attempt: Attempt<T>,
  options: RequestOptions | undefined,
  oneShotBody = false,
): Promise<APIResult<T>> {
  const timeout = options?.timeout === undefined ? core.timeout : validMilliseconds("timeout", options.timeout);
  const totalTimeout =
    options?.totalTimeout === undefined ? core.totalTimeout : validMilliseconds("totalTimeout", options.totalTimeout);
  const maxResponseBytes =
    options?.maxResponseBytes === undefined
      ? core.maxResponseBytes
      : validByteLimit("maxResponseBytes", options.maxResponseBytes);
  const maxRetries = oneShotBody
    ? 0
    : options?.maxRetries === undefined
      ? core.maxRetries
      : validRetries(options.maxRetries);
  const signal = options?.signal;
  const { redact } = core;
  const endsAt = totalTimeout === Number.POSITIVE_INFINITY ? totalTimeout : Date.now() + totalTimeout;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw new APIUserAbortError(signal.reason, redact);
    const remaining = endsAt === Number.POSITIVE_INFINITY ? endsAt : Math.max(1, endsAt - Date.now());
    const lastChance = remaining < timeout;
    const exchange = new Exchange(core, signal, lastChance ? remaining : timeout, maxResponseBytes);
    let failure: Failure;
    let streaming = false;
    try {
      const { data, error, response } = await exchange.bound(attempt(exchange.init(options?.headers, retry)));
      if (response.ok && data instanceof ReadableStream) {
        streaming = true;
        return { data: new GuardedBody(data, exchange, timeout) as T, response };
      }
      if (response.ok && !isErrorBody(data)) return { data: data as T, response };
      // An error status, or an error body inside a 200 (which stands for the status its code names).
      const [status, body, statusText] = response.ok
        ? [statusOfErrorBody(data), data, ""]
        : [response.status, error, response.statusText];
      failure = {
        error: makeAPIError(status, body, response.headers, statusText, redact),
        retryable: isRetryable(status, response.headers),
        headers: response.headers,
      };
    } catch (cause) {
      failure = classify(cause, exchange, timeout, lastChance && totalTimeout);
    } finally {
      if (!streaming) exchange.end();
    }
    if (!failure.retryable || retry >= maxRetries) throw failure.error;
    const delayMs = retryDelayMs(retry, failure.headers);
    // No point waiting for an attempt that could not start before the call's deadline.
    if (Date.now() + delayMs >= endsAt) throw failure.error;
    core.onRetry?.({
      attempt: retry + 1,
      delayMs,
      error: failure.error,
      status: (failure.error as APIError).status,
      method: exchange.request?.method ?? "",
      url: exchange.request ? redact(exchange.request.url) : "",
    });
    await sleep(delayMs, signal).catch((reason: unknown) => {
      throw new APIUserAbortError(reason, redact);
    });
  }
}

/**
 * Turns what an attempt threw into a failure. Only a failure of the exchange itself is worth retrying (connection
 * lost, attempt timed out); what failed on this side — the request could not be built, the body is too large or
 * not JSON — or the caller's abort, or the call's own deadline (`totalTimeout`, when this attempt was its last
 * chance) is thrown as it is.
 */
function classify(cause: unknown, exchange: Exchange, timeout: number, totalTimeout: number | false): Failure {
  const { redact, request, response } = exchange;
  if (!exchange.aborted) {
    if (cause instanceof XaiError) throw cause;
    if (!request) {
      throw new XaiError(
        `The request could not be sent: ${redact(cause instanceof Error ? cause.message : String(cause))}`,
      );
    }
    if (response && cause instanceof SyntaxError) {
      // Not JSON.parse's message: it quotes a window of the body, which could hold part of an echoed credential.
      const type = response.headers.get("content-type") ?? "no content-type";
      throw new XaiError(`The ${response.status} response body (${redact(type)}) is not valid JSON`);
    }
  }
  const error = exchange.failure(
    cause,
    totalTimeout ? `Request exceeded its totalTimeout of ${totalTimeout} ms` : `Request timed out after ${timeout} ms`,
  );
  if (error instanceof APIUserAbortError || (totalTimeout && error instanceof APIConnectionTimeoutError)) throw error;
  return { error, retryable: true, headers: undefined };
}
