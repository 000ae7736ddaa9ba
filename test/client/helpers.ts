import type { ClientOptions } from "../../src/client.ts";
import { createXai } from "../../src/index.ts";

/** A recognisable key: any test that finds it in an error, log or snapshot has caught a leak. */
export const SECRET = "xai-TESTKEY-0123456789abcdefSECRET";

export interface Captured {
  method: string;
  url: URL;
  headers: Headers;
  body: string | FormData | undefined;
  signal: AbortSignal | undefined;
}

type Handler = (request: Request, index: number) => Response | Promise<Response>;

/**
 * An in-memory fetch that records each request (body read eagerly) and answers with `handler`.
 * It declares a second parameter, so the client passes the attempt's signal in `init`.
 */
export function recordingFetch(handler: Handler = () => Response.json({ ok: true })) {
  const calls: Captured[] = [];
  const fetch = async (request: Request, init?: RequestInit): Promise<Response> => {
    const type = request.headers.get("content-type") ?? "";
    const body = request.body
      ? type.startsWith("multipart/form-data")
        ? await request.formData()
        : await request.text()
      : undefined;
    const signal = init?.signal ?? request.signal;
    calls.push({ method: request.method, url: new URL(request.url), headers: request.headers, body, signal });
    return handler(request, calls.length - 1);
  };
  return { fetch, calls };
}

export function client(handler?: Handler, options: ClientOptions = {}) {
  const recorder = recordingFetch(handler);
  const xai = createXai({ apiKey: SECRET, fetch: recorder.fetch, ...options });
  return { xai, calls: recorder.calls };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
