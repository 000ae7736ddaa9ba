import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XaiError } from "../../src/core/errors.ts";
import { FileContent } from "../../src/files/content.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "xai-content-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function chunked(parts: Uint8Array[], failAfter?: number): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (failAfter !== undefined && next === failAfter) return controller.error(new Error("connection reset"));
      const part = parts[next++];
      if (part) controller.enqueue(part);
      else controller.close();
    },
  });
}

const content = (body: ReadableStream<Uint8Array>) =>
  new FileContent(body, new Response(null, { headers: { "content-type": "application/octet-stream" } }));

describe("FileContent", () => {
  it("is a Response: binary-safe arrayBuffer() and headers", async () => {
    const bytes = randomBytes(70_000);
    const file = content(chunked([bytes.subarray(0, 1), bytes.subarray(1)]));
    expect(file.headers.get("content-type")).toBe("application/octet-stream");
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("saveTo streams the bytes to disk and returns the count", async () => {
    const parts = [randomBytes(1), randomBytes(65_536), randomBytes(3)];
    const path = join(dir, "saved.bin");
    expect(await content(chunked(parts)).saveTo(path)).toBe(65_540);
    expect((await readFile(path)).equals(Buffer.concat(parts))).toBe(true);
    expect(await readdir(dir)).toEqual(["saved.bin"]);
  });

  it("saveTo leaves an existing file untouched and no temporary file when the download fails", async () => {
    const path = join(dir, "keep.bin");
    await writeFile(path, "previous contents");
    await expect(content(chunked([randomBytes(10), randomBytes(10)], 1)).saveTo(path)).rejects.toThrow(
      /connection reset/,
    );
    expect(await readFile(path, "utf8")).toBe("previous contents");
    expect((await readdir(dir)).filter((name) => name.includes("keep.bin"))).toEqual(["keep.bin"]);
  });

  it("saveTo fails with an XaiError naming the path and the system's code when it cannot write", async () => {
    const path = join(dir, "no-such-directory", "file.bin");
    const error = await content(chunked([randomBytes(4)]))
      .saveTo(path)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XaiError);
    expect((error as Error).message).toBe(`saveTo(${JSON.stringify(path)}) failed: ENOENT`);
  });

  it("saveTo refuses a body that was already read", async () => {
    const file = content(chunked([randomBytes(4)]));
    await file.arrayBuffer();
    await expect(file.saveTo(join(dir, "twice.bin"))).rejects.toThrow(/already consumed/);
  });
});
