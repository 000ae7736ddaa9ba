/**
 * Keeping secrets out of cassettes. Before anything is written: credential and cookie headers lose their values, and
 * every known secret — the tokens of the request's `Authorization` / `x-api-key`, plus any the recorder was given —
 * is replaced wherever it appears (URL, any header, bodies, SSE frames, base64 bodies), as sent, percent-encoded or
 * JSON-escaped. Then the serialised cassette is scanned for the secrets and for anything shaped like an xAI key or a
 * bearer token; a hit refuses the write, naming where (never what).
 */
import { lenientlyDecoded } from "../http/request-log.ts";
import { REDACTED, SECRET_HEADERS } from "../journal/redact.ts";
import type { Cassette, Frame, HeaderPairs, Payload, RequestPayload } from "./format.ts";

/** Shapes of credentials the scan refuses even when no request carried them. */
const SECRET_SHAPES = [
  { what: "an xAI API key (xai-…)", pattern: /xai-[A-Za-z0-9]{20,}/ },
  { what: "a bearer token", pattern: /\bBearer\s+(?!\[redacted\])[A-Za-z0-9._~+/-]{8,}/i },
];

/** Each secret as it may appear: raw, percent-encoded, JSON-escaped. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = secrets.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
  // Longest first, so a secret that contains another is replaced whole.
  return [...new Set(forms)].filter(Boolean).sort((a, b) => b.length - a.length);
}

function redactText(text: string, forms: readonly string[]): string {
  return forms.reduce((redacted, form) => redacted.replaceAll(form, REDACTED), text);
}

function redactBytes(bytes: Buffer, forms: readonly string[]): Buffer {
  let result = bytes;
  for (const form of forms) {
    const needle = Buffer.from(form, "utf8");
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = result.indexOf(needle); at !== -1; at = result.indexOf(needle, from)) {
      parts.push(result.subarray(from, at), Buffer.from(REDACTED));
      from = at + needle.length;
    }
    if (parts.length > 0) result = Buffer.concat([...parts, result.subarray(from)]);
  }
  return result;
}

/** A URL with its secrets replaced, also where they hide behind percent-escapes of ordinary characters. */
function redactUrl(url: string, secrets: readonly string[]): string {
  const forms = secretForms(secrets);
  const redacted = redactText(url, forms);
  const decoded = lenientlyDecoded(redacted);
  if (redactText(decoded, forms) === decoded) return redacted;
  return redactText(decoded, forms).replace(/[^\x21-\x7e]/g, (char) => encodeURIComponent(char));
}

function redactHeaders(headers: HeaderPairs, forms: readonly string[]): HeaderPairs {
  return headers.map(([name, value]) => {
    if (!SECRET_HEADERS.has(name.toLowerCase())) return [name, redactText(value, forms)];
    const scheme = /^(Bearer|Basic)\s/i.exec(value)?.[1];
    return [name, scheme ? `${scheme} ${REDACTED}` : REDACTED];
  });
}

function redactPayload<P extends Payload | Frame>(payload: P, forms: readonly string[]): P {
  if ("base64" in payload) {
    return { ...payload, base64: redactBytes(Buffer.from(payload.base64, "base64"), forms).toString("base64") };
  }
  if ("text" in payload) return { ...payload, text: redactText(payload.text, forms) };
  return { ...payload, json: JSON.parse(redactText(JSON.stringify(payload.json), forms)) };
}

function redactRequestBody(body: RequestPayload, secrets: readonly string[]): RequestPayload {
  const forms = secretForms(secrets);
  if (!("multipart" in body)) return redactPayload(body, forms);
  const { fields, order, files } = body.multipart;
  return {
    multipart: {
      fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, redactText(v, forms)])),
      order,
      ...(files && { files: files.map((file) => ({ ...file, filename: redactText(file.filename, forms) })) }),
    },
  };
}

/** A request with its credential headers emptied and every known secret replaced in its URL, headers and body. */
export function redactRequest<R extends { url: string; headers?: HeaderPairs; body?: RequestPayload }>(
  request: R,
  secrets: readonly string[],
): R {
  const forms = secretForms(secrets);
  return {
    ...request,
    url: redactUrl(request.url, secrets),
    ...(request.headers && { headers: redactHeaders(request.headers, forms) }),
    ...(request.body && { body: redactRequestBody(request.body, secrets) }),
  };
}

/** The cassette with every credential header emptied and every known secret replaced. */
export function redactCassette(cassette: Cassette, secrets: readonly string[]): Cassette {
  const forms = secretForms(secrets);
  const { response } = cassette;
  return {
    ...cassette,
    upstream: new URL(cassette.upstream).origin,
    request: redactRequest(cassette.request, secrets),
    response: {
      ...response,
      headers: redactHeaders(response.headers, forms),
      ...(response.body && { body: redactPayload(response.body, forms) }),
      ...(response.frames && { frames: response.frames.map((frame) => redactPayload(frame, forms)) }),
    },
  };
}

/** Every string of a value, object keys included, with its JSON pointer; base64 payloads also decoded. */
function* stringsIn(value: unknown, pointer = ""): Generator<[pointer: string, text: string]> {
  if (typeof value === "string") {
    yield [pointer, value];
    if (pointer.endsWith("/base64")) yield [pointer, Buffer.from(value, "base64").toString("latin1")];
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const at = `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      yield [at, key];
      yield* stringsIn(item, at);
    }
  }
}

function secretIn(text: string, forms: readonly string[]): string | undefined {
  if (forms.some((form) => text.includes(form))) return "the request's credential";
  return SECRET_SHAPES.find(({ pattern }) => pattern.test(text))?.what;
}

/**
 * What secret the cassette still holds, and where (a JSON pointer), or undefined when it holds none. The serialised
 * cassette is what gets scanned; the walk only locates the hit. Never returns the secret itself.
 */
export function leftSecret(cassette: Cassette, secrets: readonly string[]): string | undefined {
  const forms = secretForms(secrets);
  const serialised = JSON.stringify(cassette);
  const base64Payloads = [...stringsIn(cassette)].filter(([pointer]) => pointer.endsWith("/base64"));
  if (!secretIn(serialised, forms) && !base64Payloads.some(([, text]) => secretIn(text, forms))) return undefined;
  for (const [pointer, text] of stringsIn(cassette)) {
    const what = secretIn(text, forms);
    if (what) return `${what} at ${pointer || "/"}`;
  }
  return "a secret (somewhere in the serialised cassette)";
}
