/** Shared helpers for the mock's tests: authorised fetch, SSE reading, spec examples. */
import { createParser } from "eventsource-parser";
import { loadSpec } from "../../mock/contract/spec.ts";

export const AUTH = { authorization: "Bearer test-key-not-secret" };

export interface MockLike {
  url: string;
}

export function api(mock: MockLike, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, headers, ...rest } = init;
  return fetch(`${mock.url}${path}`, {
    ...rest,
    headers: { ...AUTH, ...(json === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    signal: AbortSignal.timeout(15_000),
  });
}

export interface ReceivedEvent {
  event: string | undefined;
  data: string;
}

/** Read a whole text/event-stream body into its events. */
export async function readSse(response: Response): Promise<ReceivedEvent[]> {
  const events: ReceivedEvent[] = [];
  const parser = createParser({ onEvent: (e) => events.push({ event: e.event, data: e.data }) });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
  }
  return events;
}

/** The request-body example the effective spec gives for an operation. */
export function requestExample(path: string, method: string): Record<string, unknown> {
  const content = loadSpec().paths[path]?.[method]?.requestBody?.content;
  const example = content?.["application/json"]?.example;
  if (!example) throw new Error(`no JSON request example for ${method} ${path}`);
  return structuredClone(example);
}
