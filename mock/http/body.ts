/**
 * Reading request bodies with a size bound, and parsing them for the contract engine and the behaviours: a
 * multipart upload is streamed (`multipart.ts`), any other body is read whole up to `maxBodyBytes`.
 */
import type { IncomingMessage } from "node:http";
import {
  type FilePart,
  isMultipart,
  parseMultipart,
  SINGLE_FILE,
  surrogateMultipart,
  type UploadedFile,
} from "./multipart.ts";

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds the ${limit}-byte limit`);
  }
}

export class MalformedJsonError extends Error {}

/**
 * Collect the body up to `limit` bytes. Past the limit the rest is read and discarded, however long it is, so the
 * client — still sending — gets to read the 413; the server's `requestTimeoutMs` bounds how long that can take.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on("end", () => (size > limit ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("client closed the connection before the body was complete"));
    });
  });
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  const essence = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return essence === "application/json" || essence.endsWith("+json");
}

/** JSON bodies become values, other media types stay text; an empty body is `undefined`. */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (!isJsonMediaType(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedJsonError(`Malformed JSON body: ${(error as Error).message}`);
  }
}

export interface ReceivedBody {
  /** What behaviours see: the parsed JSON, the text, or an upload's fields. */
  body: unknown;
  /** An upload's files, from the file part its operation declares (`file`: one; `files`: any number). */
  files?: UploadedFile[];
  /** An upload's part names in the order they arrived. */
  order?: string[];
  /** What the contract engine validates, and headers that describe it where they differ from the request's. */
  forEngine: { body: unknown; headers?: Record<string, string> };
}

/**
 * The request's body, read as its media type says; throws the errors above or those of `multipart.ts`. An upload's
 * files are read from `filePart`, the part its operation declares.
 */
export async function receiveBody(
  req: IncomingMessage,
  limits: { maxBodyBytes: number; maxFileBytes: number },
  filePart: FilePart = SINGLE_FILE,
): Promise<ReceivedBody> {
  const contentType = req.headers["content-type"];
  const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (!isMultipart(contentType) || !hasBody) {
    const body = parseBody(await readBody(req, limits.maxBodyBytes), contentType);
    return { body, forEngine: { body } };
  }
  const form = await parseMultipart(req, limits.maxFileBytes, filePart);
  // The engine validates the fields on a copy without the file's bytes, so a large upload is never held twice.
  const surrogate = surrogateMultipart(form, filePart);
  return {
    body: form.fields,
    files: form.files,
    order: form.order,
    forEngine: {
      body: surrogate.body,
      headers: { "content-type": surrogate.contentType, "content-length": String(Buffer.byteLength(surrogate.body)) },
    },
  };
}
