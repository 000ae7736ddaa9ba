import { XaiError } from "../core/errors.ts";

/**
 * A file's bytes as returned by `files.content`: a standard `Response` (binary-safe `arrayBuffer()`, `blob()`,
 * `bytes()`, `body` to stream, `text()` for `format: "text"`) plus `saveTo(path)` in Node. Like any Response body it
 * can be consumed once; the download is aborted by the call's signal or by cancelling `body`.
 */
export class FileContent extends Response {
  constructor(body: ReadableStream<Uint8Array> | null, response: Response) {
    super(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  /**
   * Streams the bytes to `path` (Node only) without holding them in memory, atomically: a temporary file in the
   * same directory is renamed over `path` only once complete. Resolves to the number of bytes written.
   */
  async saveTo(path: string): Promise<number> {
    if (this.bodyUsed) throw new XaiError("FileContent.saveTo: the body was already consumed");
    const body = this.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    // Node-only code, loaded on first use so bundles for browsers and workers can leave it in a lazy chunk.
    return (await import("./node.ts")).writeFileAtomically(path, body);
  }
}
