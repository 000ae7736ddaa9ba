/** Reading request bodies with a size bound, and parsing them for the contract engine. */
import type { IncomingMessage } from "node:http";

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds the ${limit}-byte limit`);
  }
}

export class MalformedJsonError extends Error {}

/**
 * Collect the body up to `limit` bytes. Past the limit the rest is read and discarded (so the client, which is
 * still sending, gets to read the 413) — up to `drainLimit` more bytes, after which the connection is dropped.
 */
export function readBody(req: IncomingMessage, limit: number, drainLimit = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > limit + drainLimit) req.destroy();
        return;
      }
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => (tooLarge ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
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
