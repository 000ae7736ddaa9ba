/**
 * Which cassette answers a request: its match key is the method, the path, the query (parameters sorted) and the
 * body normalised — JSON as canonical JSON (keys sorted at every level) without the volatile fields below, an upload
 * as its fields and its files' names, types and SHA-256 digests (whatever the multipart boundary or the order of its
 * fields), any other body
 * as its text. Headers play no part (credentials are redacted from cassettes anyway).
 */
import { isJsonMediaType, type ReceivedBody } from "../http/body.ts";
import { isMultipart } from "../http/multipart.ts";
import { type RequestPayload, sha256 } from "./format.ts";

/**
 * Body fields that differ between runs of the same request and say nothing about the answer: an end-user id (chat,
 * responses) and Messages' `metadata.user_id`. JSON pointers.
 */
export const VOLATILE_FIELDS = ["/user", "/metadata/user_id"] as const;

export interface MatchableRequest {
  method: string;
  /** Path and query. */
  url: string;
  body?: RequestPayload;
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function withoutVolatile(json: unknown): unknown {
  if (!json || typeof json !== "object" || Array.isArray(json)) return json;
  const copy = structuredClone(json) as Record<string, unknown>;
  for (const pointer of VOLATILE_FIELDS) {
    const tokens = pointer.split("/").slice(1);
    const parent = tokens.slice(0, -1).reduce<unknown>((node, token) => (node as any)?.[token], copy);
    if (parent && typeof parent === "object") delete (parent as Record<string, unknown>)[tokens.at(-1)!];
  }
  return copy;
}

function normalisedBody(body: RequestPayload | undefined): unknown {
  if (body === undefined) return null;
  if ("json" in body) return { json: withoutVolatile(body.json) };
  if ("multipart" in body) {
    const { fields, files = [] } = body.multipart;
    return { fields, files: files.map(({ filename, mimeType, sha256 }) => ({ filename, mimeType, sha256 })) };
  }
  return body;
}

function normalisedUrl(url: string): string {
  const parsed = new URL(url, "http://cassette.invalid");
  const query = [...parsed.searchParams].sort(([a, x], [b, y]) =>
    a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0,
  );
  return query.length > 0 ? `${parsed.pathname}?${new URLSearchParams(query)}` : parsed.pathname;
}

/** The request's match key: a SHA-256 of its normalised method, URL and body. */
export function matchKey(request: MatchableRequest): string {
  return sha256(
    canonicalJson([request.method.toUpperCase(), normalisedUrl(request.url), normalisedBody(request.body)]),
  );
}

/** A received request body as a cassette keeps it. */
export function requestPayload(received: ReceivedBody, contentType: string | undefined): RequestPayload | undefined {
  if (isMultipart(contentType) && received.body && typeof received.body === "object") {
    const { files = [] } = received;
    const fields = received.body as Record<string, string>;
    return {
      multipart: {
        fields,
        order: received.order ?? Object.keys(fields),
        ...(files.length > 0 && {
          files: files.map((file) => ({
            filename: file.filename,
            mimeType: file.mimeType,
            bytes: file.bytes.length,
            sha256: sha256(file.bytes),
          })),
        }),
      },
    };
  }
  if (received.body === undefined) return undefined;
  return isJsonMediaType(contentType) ? { json: received.body } : { text: String(received.body) };
}
