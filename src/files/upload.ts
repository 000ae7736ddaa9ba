import { MAX_EXPIRES_AFTER, MAX_UPLOAD_BYTES, MIN_EXPIRES_AFTER } from "../api-facts.ts";
import type { APIResult } from "../core/api-promise.ts";
import { type Core, type RequestOptions, send } from "../core/request.ts";
import { FileValidationError } from "../index.ts";

/**
 * What `files.upload` accepts: a Blob or File; bytes (ArrayBuffer, Uint8Array or any view); a Web ReadableStream of
 * bytes (size unknown until sent: the limit is enforced while streaming); or, in Node, a filesystem path or `file:`
 * URL, streamed from disk (fs.openAsBlob) rather than read into memory.
 */
export type UploadInput = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | string | URL;

export interface UploadOptions {
  /** Name recorded for the file. Default: the File's or path's own name, else "upload". */
  filename?: string | undefined;
  /** Accepted for OpenAI SDK compatibility; xAI does not interpret it. */
  purpose?: string | undefined;
  /** Seconds until the file expires, 3600 (1 hour) to 2592000 (30 days). Default: never. */
  expiresAfter?: number | undefined;
}

/** A validated upload, ready to send. */
export type PreparedUpload =
  /** Replayable (retries are safe); the runtime's FormData encoder streams the Blob's bytes. */
  | { kind: "form"; body: FormData }
  /** A one-shot multipart stream: send with `duplex: "half"`, never retry. */
  | {
      kind: "stream";
      body: ReadableStream<Uint8Array>;
      contentType: string;
      /** The error that stopped the stream mid-upload (size limit), to rethrow instead of the fetch failure. */
      failure: () => FileValidationError | undefined;
    };

/**
 * Validates `expires_after`, the file name and (when known) the size, then builds the multipart body with
 * `expires_after` before `file`, as the API requires. `limit` is exposed for benchmarks; callers use the default.
 */
export async function prepareUpload(
  input: UploadInput,
  options: UploadOptions = {},
  limit = MAX_UPLOAD_BYTES,
  field = "file",
): Promise<PreparedUpload> {
  const fields = metadataFields(options);
  const file = await normaliseInput(input);
  const filename = options.filename ?? file.name ?? "upload";
  if (typeof filename !== "string" || filename.trim() === "") {
    throw new FileValidationError("filename", "filename must be a non-empty string");
  }
  if (file.blob) {
    checkSize(file.blob.size, limit);
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    form.append(field, file.blob, filename);
    return { kind: "form", body: form };
  }
  let failure: FileValidationError | undefined;
  const limited = file.stream.pipeThrough(
    byteLimit(limit, (error) => {
      failure = error;
    }),
  );
  const boundary = `xai-${crypto.randomUUID()}`;
  return {
    kind: "stream",
    body: multipartStream(boundary, fields, field, filename, limited),
    contentType: `multipart/form-data; boundary=${boundary}`,
    failure: () => failure,
  };
}

/** What `skills.upload` accepts: a zip as any UploadInput, or a skill directory's files, each named by its path. */
export type SkillInput = UploadInput | readonly File[];

/**
 * A skill upload: one zip in the `files` field, or each file of a skill directory as its own `files` part (a File
 * whose name is its path in the directory, e.g. `my-skill/SKILL.md`). xAI documents no size limit for skills.
 */
export async function prepareSkillUpload(input: SkillInput, filename?: string): Promise<PreparedUpload> {
  if (!Array.isArray(input)) {
    return prepareUpload(input as UploadInput, { filename }, Number.POSITIVE_INFINITY, "files");
  }
  if (input.length === 0) throw new FileValidationError("file", "a skill directory upload needs at least one file");
  const form = new FormData();
  for (const file of input) {
    if (!(file instanceof Blob) || !(file as File).name) {
      throw new FileValidationError("file", "each file of a skill directory must be a File named by its path");
    }
    form.append("files", file, (file as File).name);
  }
  return { kind: "form", body: form };
}

/** Where uploads go: files and skills. */
export type UploadPath = "/v1/files" | "/v1/skills";

/**
 * POSTs a prepared upload through the client core. A stream upload is sent once, never retried; if it failed because
 * the stream broke a limit, that error is thrown rather than the connection's.
 */
export async function sendUpload<Result>(
  core: Core,
  path: UploadPath,
  prepared: PreparedUpload,
  options: RequestOptions | undefined,
): Promise<APIResult<Result>> {
  const { headers, ...request } = uploadRequestInit(prepared);
  try {
    return await send(
      core,
      (init) =>
        // openapi-fetch types the multipart body as its schema; FormData or a byte stream is what goes on the wire.
        core.raw.POST(path as "/v1/files", {
          ...request,
          body: request.body as never,
          ...init,
          headers: { ...init.headers, ...headers },
        }) as never,
      options,
      prepared.kind === "stream",
    );
  } catch (error) {
    throw (prepared.kind === "stream" && prepared.failure()) || error;
  }
}

/**
 * The fetch options that send a prepared upload. `redirect: "error"` matters for memory: for any other redirect mode
 * the Fetch standard (and undici) clones the request so it could replay the body after a redirect, teeing the body
 * stream — and the unread branch buffers the entire upload. An upload is never meant to follow a redirect anyway.
 * Runtimes that reject "error" (workerd) get "follow".
 */
export function uploadRequestInit(prepared: PreparedUpload): {
  body: FormData | ReadableStream<Uint8Array>;
  redirect: RequestRedirect;
  duplex?: "half";
  headers: Record<string, string>;
} {
  const redirect = noRedirectMode();
  if (prepared.kind === "form") return { body: prepared.body, redirect, headers: {} };
  return { body: prepared.body, redirect, duplex: "half", headers: { "content-type": prepared.contentType } };
}

let redirectMode: RequestRedirect | undefined;

/** "error" where the runtime's Request accepts it, else "follow" (workerd: "must be one of follow or manual"). */
function noRedirectMode(): RequestRedirect {
  if (redirectMode === undefined) {
    try {
      new Request("http://localhost/", { redirect: "error" });
      redirectMode = "error";
    } catch {
      redirectMode = "follow";
    }
  }
  return redirectMode;
}

function metadataFields({ expiresAfter, purpose }: UploadOptions): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  if (expiresAfter !== undefined) {
    if (!Number.isInteger(expiresAfter) || expiresAfter < MIN_EXPIRES_AFTER || expiresAfter > MAX_EXPIRES_AFTER) {
      throw new FileValidationError(
        "expires_after",
        `expiresAfter must be a whole number of seconds from ${MIN_EXPIRES_AFTER} (1 hour) to ${MAX_EXPIRES_AFTER} (30 days), got ${expiresAfter}`,
      );
    }
    fields.push(["expires_after", String(expiresAfter)]);
  }
  if (purpose !== undefined) fields.push(["purpose", purpose]);
  return fields;
}

type NormalisedInput =
  | { blob: Blob; stream?: undefined; name: string | undefined }
  | { blob?: undefined; stream: ReadableStream<Uint8Array>; name: undefined };

async function normaliseInput(input: UploadInput): Promise<NormalisedInput> {
  if (input instanceof Blob) return { blob: input, name: (input as File).name || undefined };
  if (input instanceof ArrayBuffer) return { blob: new Blob([input]), name: undefined };
  if (ArrayBuffer.isView(input)) {
    // A view may be backed by a SharedArrayBuffer, which Blob does not take; Blob copies the bytes anyway.
    const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength) as Uint8Array<ArrayBuffer>;
    return { blob: new Blob([bytes]), name: undefined };
  }
  if (input instanceof ReadableStream) return { stream: input, name: undefined };
  if (typeof input === "string" || input instanceof URL) {
    if (input instanceof URL && input.protocol !== "file:") {
      throw new FileValidationError("file", `only file: URLs can be uploaded directly, got ${input.protocol}`);
    }
    // Node-only code, loaded on first use so bundles for browsers and workers can leave it in a lazy chunk.
    return (await import("./node.ts")).openFileAsBlob(input);
  }
  throw new FileValidationError(
    "file",
    "file must be a Blob/File, ArrayBuffer, typed array, ReadableStream, or (in Node) a path or file: URL",
  );
}

function checkSize(size: number, limit: number): void {
  if (size > limit) {
    throw new FileValidationError("file", `file is ${size} bytes; the API accepts at most ${limit} bytes (50 MB)`);
  }
}

/** Passes bytes through, erroring the stream as soon as more than `limit` have gone by. */
function byteLimit(limit: number, onExceeded: (error: FileValidationError) => void) {
  let total = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > limit) {
        const error = new FileValidationError(
          "file",
          `stream exceeded ${limit} bytes (50 MB), the API's limit; upload stopped`,
        );
        onExceeded(error);
        controller.error(error);
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

const encoder = new TextEncoder();

/** Quotes a multipart parameter the way browsers' FormData encoders do (WHATWG HTML, "multipart/form-data"). */
function escapeParameter(value: string): string {
  return value.replaceAll("\n", "%0A").replaceAll("\r", "%0D").replaceAll('"', "%22");
}

/** A multipart/form-data body whose file part is streamed: nothing but the current chunk is held in memory. */
function multipartStream(
  boundary: string,
  fields: Array<[string, string]>,
  field: string,
  filename: string,
  file: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  let head = "";
  for (const [name, value] of fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${escapeParameter(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${escapeParameter(filename)}"\r\n` +
    "Content-Type: application/octet-stream\r\n\r\n";
  const reader = file.getReader();
  let headSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headSent) {
        headSent = true;
        controller.enqueue(encoder.encode(head));
        return;
      }
      const { value, done } = await reader.read();
      if (done) {
        controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
        controller.close();
      } else {
        controller.enqueue(value);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
