import { FileValidationError, XaiError } from "../index.ts";

/**
 * Node-only file access, loaded with dynamic imports so the client still bundles and runs in browsers and workers
 * (which never reach these functions: they cannot pass a path).
 */

function requireNode(what: string): void {
  if (typeof process === "undefined" || !process.versions?.node) {
    throw new FileValidationError("file", `${what} needs Node.js; in a browser or worker pass a Blob or File`);
  }
}

/** A Blob backed by the file on disk (fs.openAsBlob): its bytes are read only while the upload streams them. */
export async function openFileAsBlob(path: string | URL): Promise<{ blob: Blob; name: string }> {
  requireNode("Uploading from a path");
  const [{ openAsBlob }, { stat }, { basename }, { fileURLToPath }] = await Promise.all([
    import("node:fs"),
    import("node:fs/promises"),
    import("node:path"),
    import("node:url"),
  ]);
  const filePath = path instanceof URL ? fileURLToPath(path) : path;
  // openAsBlob reports every failure as ERR_INVALID_ARG_VALUE; stat first names the actual problem.
  const info = await stat(filePath).catch((cause: NodeJS.ErrnoException) => {
    throw new FileValidationError("file", `cannot open ${JSON.stringify(filePath)} (${cause.code ?? cause.message})`, {
      cause,
    });
  });
  if (!info.isFile()) throw new FileValidationError("file", `${JSON.stringify(filePath)} is not a regular file`);
  return { blob: await openAsBlob(filePath), name: basename(filePath) };
}

/**
 * Writes a byte stream to `path` atomically: into a temporary file in the same directory, flushed to disk, then
 * renamed over `path`. On any failure the temporary file is removed and `path` is left as it was.
 */
export async function writeFileAtomically(path: string, body: ReadableStream<Uint8Array>): Promise<number> {
  requireNode("Saving to a path");
  const [{ open, rename, rm }, { dirname, basename, join }, { randomBytes }] = await Promise.all([
    import("node:fs/promises"),
    import("node:path"),
    import("node:crypto"),
  ]);
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.part`);
  const handle = await open(temporary, "wx").catch((cause: NodeJS.ErrnoException) => {
    throw saveFailed(path, cause);
  });
  let written = 0;
  try {
    const reader = body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        let offset = 0;
        while (offset < value.byteLength) {
          const { bytesWritten } = await handle.write(value, offset, value.byteLength - offset);
          offset += bytesWritten;
        }
        written += value.byteLength;
      }
    } finally {
      reader.releaseLock();
    }
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
    return written;
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temporary, { force: true });
    await body.cancel().catch(() => {});
    // A failed download is already the client's error; anything else (the disk) is wrapped, so callers catch one
    // hierarchy.
    throw error instanceof XaiError ? error : saveFailed(path, error as NodeJS.ErrnoException);
  }
}

function saveFailed(path: string, cause: NodeJS.ErrnoException): XaiError {
  return new XaiError(`saveTo(${JSON.stringify(path)}) failed: ${cause.code ?? cause.message}`, { cause });
}
