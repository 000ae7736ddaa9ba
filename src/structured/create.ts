import type { APIPromise } from "../core/api-promise.ts";
import type { RequestOptions } from "../core/request.ts";
import type { EventStream } from "../streaming/event-stream.ts";

/**
 * The `create` of chat completions and of the Responses API, as the helpers call it: the final answer, or with
 * `stream: true` an event stream that accumulates to it.
 */
export interface StreamingCreate<Body, Final, Event> {
  create(body: Body & { stream: true }, options?: RequestOptions): APIPromise<EventStream<Event, Final>>;
  create(body: Body & { stream?: false | null }, options?: RequestOptions): APIPromise<Final>;
}
