/**
 * The cassette format, version 1: one recorded exchange per JSON file. `cassette.schema.json` is its JSON Schema (the
 * loader validates every file against it); these types say the same for the code that reads and writes them.
 */
import { createHash } from "node:crypto";
import { isJsonMediaType } from "../http/body.ts";

export const CASSETTE_FORMAT = "xai-toolkit-cassette";
export const CASSETTE_VERSION = 1;

/** `[name, value]` in the order received, names as spelt on the wire. */
export type HeaderPairs = [name: string, value: string][];

/** Bytes as JSON (compact JSON that re-serialises to the same bytes), UTF-8 text, or base64. */
export type Payload = { json: unknown } | { text: string } | { base64: string };

export interface UploadedFileDigest {
  filename: string;
  mimeType: string;
  bytes: number;
  sha256: string;
}

export interface MultipartPayload {
  multipart: {
    fields: Record<string, string>;
    /** Part names in the order they arrived, the file part's name once per file. */
    order: string[];
    /** The uploaded files in the order they arrived, described: their bytes are not kept. */
    files?: UploadedFileDigest[];
  };
}

export type RequestPayload = Payload | MultipartPayload;

/** One server-sent event frame: its bytes up to and including the blank line that ends it. */
export type Frame = { ms: number } & ({ text: string } | { base64: string });

export interface CassetteRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: HeaderPairs;
  body?: RequestPayload;
}

export interface CassetteResponse {
  status: number;
  statusText?: string;
  headers: HeaderPairs;
  /** Milliseconds from the request going upstream to its headers arriving. */
  headersMs: number;
  /** Milliseconds from the request going upstream to its last byte arriving. */
  endMs: number;
  body?: Payload;
  /** A text/event-stream body, frame by frame. */
  frames?: Frame[];
}

export interface Cassette {
  format: typeof CASSETTE_FORMAT;
  version: typeof CASSETTE_VERSION;
  recordedAt: string;
  upstream: string;
  /** 0 for the first recording of a request (by match key), 1 for the second, … */
  sequence: number;
  request: CassetteRequest;
  response: CassetteResponse;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The text of `bytes` when they are valid UTF-8. */
export function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** How a body is kept: JSON when nothing is lost by parsing it, else text, else base64. */
export function payloadOf(bytes: Buffer, contentType: string | undefined): Payload {
  const text = utf8(bytes);
  if (text === undefined) return { base64: bytes.toString("base64") };
  if (isJsonMediaType(contentType)) {
    try {
      const json: unknown = JSON.parse(text);
      if (JSON.stringify(json) === text) return { json };
    } catch {
      // not JSON after all: kept as text
    }
  }
  return { text };
}

export function payloadBytes(payload: Payload | Frame): Buffer {
  if ("base64" in payload) return Buffer.from(payload.base64, "base64");
  if ("text" in payload) return Buffer.from(payload.text, "utf8");
  return Buffer.from(JSON.stringify(payload.json), "utf8");
}

/** A header's value (repeated ones joined as HTTP joins them), by case-insensitive name. */
export function headerValue(headers: HeaderPairs, name: string): string | undefined {
  const values = headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  return values.length > 0 ? values.join(", ") : undefined;
}

export function isEventStream(contentType: string | undefined): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "text/event-stream";
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
