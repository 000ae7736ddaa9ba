import { APIPromise } from "../core/api-promise.ts";
import { XaiError } from "../core/errors.ts";
import { type Attempt, type Core, type RequestOptions, send } from "../core/request.ts";
import { GuardedBody } from "./guarded-body.ts";

/**
 * Runs a `stream: true` request through the client core (timeout up to the headers, retries before any byte of the
 * body, typed HTTP errors) and wraps the guarded body in a typed event stream. The openapi-fetch call must use
 * `parseAs: "stream"`; cancelling the body aborts the request.
 */
export function streamCall<S>(
  core: Core,
  attempt: Attempt<ReadableStream<Uint8Array> | null>,
  options: RequestOptions | undefined,
  wrap: (response: Response, body: GuardedBody) => S,
): APIPromise<S> {
  return new APIPromise(
    send(core, attempt, options).then(({ data, response }) => {
      if (!(data instanceof GuardedBody)) {
        throw new XaiError(`Expected an event stream, got an empty ${response.status} response`);
      }
      const type = response.headers.get("content-type");
      if (type && !type.includes("text/event-stream")) {
        data.cancel().catch(() => {});
        throw new XaiError(`Expected an event stream (text/event-stream) for a stream: true request, got ${type}`);
      }
      return { data: wrap(response, data), response };
    }),
  );
}
