/**
 * Streaming multipart/form-data parsing for uploads. @fastify/busboy (maintained, streaming, per-file size limit)
 * instead of the Web `Request.formData()`, which buffers the whole body with no size bound before we could
 * answer 413.
 */
import type { IncomingMessage } from "node:http";
import { Busboy } from "@fastify/busboy";

export interface UploadedFile {
  field: string;
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  /** Field names in the order they arrived, files included (the API cares that `expires_after` precedes `file`). */
  order: string[];
  files: UploadedFile[];
}

export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`File exceeds the maximum size of ${Math.round(limit / (1024 * 1024))} MB.`);
  }
}

export class MultipartError extends Error {}

export function parseMultipart(req: IncomingMessage, maxFileBytes: number): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    const form: MultipartForm = { fields: {}, order: [], files: [] };
    let tooLarge = false;
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({ headers: req.headers as never, limits: { fileSize: maxFileBytes, files: 4, fields: 32 } });
    } catch (error) {
      reject(new MultipartError(`Malformed multipart request: ${(error as Error).message}`));
      return;
    }
    const pending: Promise<void>[] = [];
    parser.on("field", (name, value) => {
      form.fields[name] = value;
      form.order.push(name);
    });
    parser.on("file", (field, stream, filename, _encoding, mimeType) => {
      form.order.push(field);
      const chunks: Buffer[] = [];
      pending.push(
        new Promise((done) => {
          stream.on("data", (chunk: Buffer) => {
            if (!tooLarge) chunks.push(chunk);
          });
          // Past the limit busboy discards the rest of the part; keep draining so the client can read the 413.
          stream.on("limit", () => {
            tooLarge = true;
            chunks.length = 0;
          });
          stream.on("end", () => {
            if (!tooLarge) form.files.push({ field, filename, mimeType, bytes: Buffer.concat(chunks) });
            done();
          });
        }),
      );
    });
    parser.on("error", (error) => reject(new MultipartError(`Malformed multipart body: ${(error as Error).message}`)));
    parser.on("finish", () => {
      void Promise.all(pending).then(() => (tooLarge ? reject(new FileTooLargeError(maxFileBytes)) : resolve(form)));
    });
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new MultipartError("client closed the connection before the upload was complete"));
    });
    req.pipe(parser);
  });
}

/**
 * The same form with file contents elided, serialised again, so the contract engine validates the fields
 * without holding a second copy of a large upload.
 */
export function surrogateMultipart(form: MultipartForm): { body: string; contentType: string } {
  const boundary = "xai-mock-surrogate-boundary";
  const parts: string[] = [];
  const files = new Map(form.files.map((f) => [f.field, f]));
  for (const name of new Set(form.order)) {
    const file = files.get(name);
    if (file) {
      parts.push(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename.replace(/"/g, "")}"\r\n` +
          `Content-Type: application/octet-stream\r\n\r\n-\r\n`,
      );
    } else if (name in form.fields) {
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${form.fields[name]}\r\n`);
    }
  }
  return { body: `${parts.join("")}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}
