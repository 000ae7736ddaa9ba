/**
 * Streaming multipart/form-data parsing for uploads. @fastify/busboy (maintained, streaming, per-file size limit)
 * instead of the Web `Request.formData()`, which buffers the whole body with no size bound before we could
 * answer 413. An upload keeps the file part its operation declares — one part named `file` (/v1/files), or any number
 * named `files` (/v1/skills) — and its fields; any other file part is drained unread and refused, and parts, fields
 * and their sizes are bounded, so one upload holds at most `maxFileBytes` (all its files together) plus a few KiB
 * whatever the client sends. Every failure, a body cut short included, rejects; none is thrown.
 */
import type { IncomingMessage } from "node:http";
import { Busboy } from "@fastify/busboy";

export interface UploadedFile {
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  /** Part names in the order they arrived, file parts included (the API cares that `expires_after` precedes `file`). */
  order: string[];
  /** The files of the declared file part, in the order they arrived. */
  files: UploadedFile[];
}

/** The file part an upload operation declares: its name, and whether it may repeat (an array of files). */
export interface FilePart {
  name: string;
  many: boolean;
}

/** /v1/files: one file, in the part named `file`. */
export const SINGLE_FILE: FilePart = { name: "file", many: false };

/** What one upload may carry besides its file. */
export const MULTIPART_LIMITS = { parts: 64, fields: 32, fieldBytes: 64 * 1024, partHeaderBytes: 8 * 1024 } as const;

export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`File exceeds the maximum size of ${Math.round(limit / (1024 * 1024))} MB.`);
  }
}

export class MultipartError extends Error {}

/** How much larger than its bytes a kept file's allocation may stay before it is copied into one of its own size. */
const SLACK_BYTES = 64 * 1024;

/**
 * The kept file's bytes, copied out of the socket's buffers as they arrive into one allocation sized by the body's
 * declared length (the file is part of the body), so a large upload is held once — not once as chunks and again
 * when they are joined. A body of undeclared length (chunked) collects its chunks and joins them at the end.
 */
class FileBytes {
  readonly #buffer: Buffer | undefined;
  readonly #chunks: Buffer[] = [];
  #length = 0;

  constructor(capacity: number | undefined) {
    if (capacity !== undefined) this.#buffer = Buffer.allocUnsafeSlow(capacity);
  }

  /** False when the chunk does not fit the declared length (the body was longer than it said). */
  push(chunk: Buffer): boolean {
    if (!this.#buffer) this.#chunks.push(chunk);
    else if (this.#length + chunk.length > this.#buffer.length) return false;
    else chunk.copy(this.#buffer, this.#length);
    this.#length += chunk.length;
    return true;
  }

  /** The bytes, in an allocation at most SLACK_BYTES larger than they are (the file store counts allocations). */
  take(): Buffer {
    if (this.#buffer && this.#buffer.length - this.#length <= SLACK_BYTES)
      return this.#buffer.subarray(0, this.#length);
    const exact = Buffer.allocUnsafeSlow(this.#length);
    let offset = 0;
    for (const chunk of this.#buffer ? [this.#buffer.subarray(0, this.#length)] : this.#chunks) {
      offset += chunk.copy(exact, offset);
    }
    return exact;
  }
}

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data/i.test(contentType ?? "");
}

export function parseMultipart(
  req: IncomingMessage,
  maxFileBytes: number,
  filePart: FilePart = SINGLE_FILE,
): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    const form: MultipartForm = { fields: {}, order: [], files: [] };
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: req.headers as never,
        // A skill directory's files are named by their paths in it (`my-skill/SKILL.md`); a single file by its name.
        preservePath: filePart.many,
        limits: {
          fileSize: maxFileBytes,
          parts: MULTIPART_LIMITS.parts,
          fields: MULTIPART_LIMITS.fields,
          fieldSize: MULTIPART_LIMITS.fieldBytes,
          headerSize: MULTIPART_LIMITS.partHeaderBytes,
        },
      });
    } catch (error) {
      reject(new MultipartError(`Malformed multipart request: ${(error as Error).message}`));
      return;
    }

    let settled = false;
    /** A broken body: answer now, and keep reading what the client still sends so it can read the answer. */
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    // A well-formed body with something to refuse is read to its end first, buffering nothing more.
    let refusal: Error | undefined;
    const refuse = (error: Error) => {
      refusal ??= error;
    };
    const declared = Number(req.headers["content-length"]);

    const pending: Promise<void>[] = [];
    let sawFile = false;
    let fileBytes = 0;
    parser.on("field", (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) {
        refuse(new MultipartError(`Field '${name}' is longer than ${MULTIPART_LIMITS.fieldBytes} bytes.`));
      }
      form.fields[name] = value;
      form.order.push(name);
    });
    parser.on("file", (field, stream, filename, _encoding, mimeType) => {
      stream.on("error", (error) => fail(new MultipartError(`Malformed multipart body: ${error.message}`)));
      if (field !== filePart.name || (sawFile && !filePart.many)) {
        const expected = filePart.many
          ? `its files in parts named '${filePart.name}'`
          : `one file, in the part named '${filePart.name}'`;
        refuse(new MultipartError(`Unexpected file part '${field}': an upload carries ${expected}.`));
        stream.resume();
        return;
      }
      sawFile = true;
      form.order.push(field);
      // One file is copied into an allocation sized by the body's length; several are collected chunk by chunk.
      const capacity = Number.isSafeInteger(declared) && !filePart.many ? Math.min(declared, maxFileBytes) : undefined;
      let bytes = refusal ? undefined : new FileBytes(capacity);
      const index = form.files.length;
      form.files.push({ filename: filename ?? "", mimeType, bytes: Buffer.alloc(0) });
      pending.push(
        new Promise((done) => {
          stream.on("data", (chunk: Buffer) => {
            fileBytes += chunk.length;
            if (fileBytes > maxFileBytes) refuse(new FileTooLargeError(maxFileBytes));
            if (refusal) bytes = undefined;
            else if (!bytes?.push(chunk)) refuse(new MultipartError("The body is longer than its Content-Length."));
          });
          // Past the limit busboy discards the rest of the part; the body is still drained so the client reads the 413.
          stream.on("limit", () => refuse(new FileTooLargeError(maxFileBytes)));
          stream.on("end", () => {
            if (!refusal && bytes) form.files[index]!.bytes = bytes.take();
            bytes = undefined;
            done();
          });
        }),
      );
    });
    const tooManyParts = () =>
      refuse(
        new MultipartError(
          `An upload carries at most ${MULTIPART_LIMITS.parts} parts, ${MULTIPART_LIMITS.fields} of them fields.`,
        ),
      );
    parser.on("partsLimit", tooManyParts);
    parser.on("fieldsLimit", tooManyParts);
    parser.on("error", (error) => fail(new MultipartError(`Malformed multipart body: ${(error as Error).message}`)));
    parser.on("finish", () => {
      void Promise.all(pending).then(() => {
        if (settled) return;
        settled = true;
        if (refusal) reject(refusal);
        else resolve(form);
      });
    });
    req.on("error", fail);
    req.on("close", () => {
      if (!req.complete) fail(new MultipartError("client closed the connection before the upload was complete"));
    });
    req.pipe(parser);
  });
}

/**
 * The same form with file contents elided, serialised again, so the contract engine validates the fields
 * without holding a second copy of a large upload.
 */
export function surrogateMultipart(
  form: MultipartForm,
  filePart: FilePart = SINGLE_FILE,
): { body: string; contentType: string } {
  const boundary = "xai-mock-surrogate-boundary";
  const parts: string[] = [];
  const files = form.files.values();
  const fields = new Set<string>();
  for (const name of form.order) {
    if (name === filePart.name) {
      const file = files.next().value as UploadedFile;
      parts.push(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename.replace(/"/g, "")}"\r\n` +
          `Content-Type: application/octet-stream\r\n\r\n-\r\n`,
      );
    } else if (name in form.fields && !fields.has(name)) {
      fields.add(name);
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${form.fields[name]}\r\n`);
    }
  }
  return { body: `${parts.join("")}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}
