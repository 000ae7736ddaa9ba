import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_UPLOAD_BYTES } from "../../src/api-facts.ts";
import { FileValidationError } from "../../src/core/errors.ts";
import { type PreparedUpload, prepareUpload } from "../../src/files/upload.ts";
import { createXai } from "../../src/index.ts";
import { fastCheckSeed } from "../support/fast-check-seed.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "xai-upload-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Parses the prepared body with the runtime's own multipart parser (undici), as a server would. */
async function parse(prepared: PreparedUpload): Promise<{ names: string[]; form: FormData }> {
  const request =
    prepared.kind === "form"
      ? new Request("http://x/", { method: "POST", body: prepared.body })
      : new Request("http://x/", {
          method: "POST",
          body: prepared.body,
          headers: { "content-type": prepared.contentType },
          duplex: "half",
        } as RequestInit);
  const form = await request.formData();
  return { names: [...form.keys()], form };
}

async function fileBytes(form: FormData): Promise<Buffer> {
  return Buffer.from(await (form.get("file") as File).arrayBuffer());
}

describe("prepareUpload", () => {
  it.each([
    ["a Blob", () => new Blob([new Uint8Array([1, 2, 3])])],
    ["an ArrayBuffer", () => new Uint8Array([1, 2, 3]).buffer],
    ["a typed-array view into a larger buffer", () => new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4)],
    ["a ReadableStream", () => new Blob([new Uint8Array([1, 2, 3])]).stream()],
  ])("sends %s with expires_after and purpose before file", async (_name, input) => {
    const prepared = await prepareUpload(input(), { expiresAfter: 3600, purpose: "assistants", filename: "a.bin" });
    const { names, form } = await parse(prepared);
    expect(names).toEqual(["expires_after", "purpose", "file"]);
    expect(form.get("expires_after")).toBe("3600");
    expect((form.get("file") as File).name).toBe("a.bin");
    expect([...(await fileBytes(form))]).toEqual([1, 2, 3]);
  });

  it("streams any bytes through the hand-built multipart encoder unchanged (boundary-like content included)", async () => {
    const tricky = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.constant(new TextEncoder().encode("\r\n--xai-\r\n--\r\n\r\n")),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(tricky, { maxLength: 4 }), fc.string({ maxLength: 12 }), async (chunks, name) => {
        const filename = `f${name}"\r\n.bin`;
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk);
            controller.close();
          },
        });
        const { form } = await parse(await prepareUpload(stream, { filename }));
        expect(await fileBytes(form)).toEqual(Buffer.concat(chunks));
      }),
      { numRuns: 60, seed: fastCheckSeed },
    );
  });

  it("uploads a path from disk under its own name; a missing path is a clear error", async () => {
    const bytes = randomBytes(10_000);
    const path = join(dir, "report.pdf");
    await writeFile(path, bytes);
    const { form } = await parse(await prepareUpload(path));
    expect((form.get("file") as File).name).toBe("report.pdf");
    expect((await fileBytes(form)).equals(bytes)).toBe(true);
    await expect(prepareUpload(join(dir, "missing.bin"))).rejects.toThrow(/cannot open ".*missing.bin" \(ENOENT\)/);
    await expect(prepareUpload(dir)).rejects.toThrow(/is not a regular file/);
    await expect(prepareUpload(new URL("https://example.com/x"))).rejects.toThrow(/only file: URLs/);
  });

  it.each([3599, 2_592_001, 3600.5, Number.NaN])("rejects expiresAfter %s before reading the file", async (value) => {
    const error = await prepareUpload(new Blob(["x"]), { expiresAfter: value }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileValidationError);
    expect(error).toMatchObject({ field: "expires_after" });
    expect((error as Error).message).toMatch(/from 3600 \(1 hour\) to 2592000 \(30 days\)/);
  });

  it("rejects a known size over 50 MB before sending, and stops a stream as it passes the limit", async () => {
    const big = { size: MAX_UPLOAD_BYTES + 1 } as Blob;
    Object.setPrototypeOf(big, Blob.prototype);
    await expect(prepareUpload(big)).rejects.toThrow(/at most 52428800 bytes \(50 MB\)/);

    const prepared = await prepareUpload(new Blob([new Uint8Array(2_000)]).stream(), {}, 1_000);
    if (prepared.kind !== "stream") throw new Error("expected a stream upload");
    await expect(new Response(prepared.body).arrayBuffer()).rejects.toThrow(/exceeded 1000 bytes/);
    expect(prepared.failure()).toBeInstanceOf(FileValidationError);
  });

  it("rejects an empty filename and unsupported inputs", async () => {
    await expect(prepareUpload(new Blob(["x"]), { filename: " " })).rejects.toMatchObject({ field: "filename" });
    await expect(prepareUpload(42 as never)).rejects.toThrow(/file must be a Blob\/File/);
  });
});

describe("files.upload through the client", () => {
  it("sends uploads with redirect: error, so fetch does not tee (and buffer) the body for redirect replay", async () => {
    const seen: Array<[string, string | null]> = [];
    const xai = createXai({
      apiKey: "test-key",
      fetch: async (request: Request) => {
        seen.push([request.redirect, request.headers.get("content-type")]);
        await request.arrayBuffer();
        return Response.json({ id: "file_1", object: "file", bytes: 3, created_at: 0, filename: "a.bin" });
      },
    });
    await xai.files.upload(new Uint8Array([1, 2, 3]));
    await xai.files.upload(new Blob([new Uint8Array([1, 2, 3])]).stream());
    expect(seen.map(([redirect]) => redirect)).toEqual(["error", "error"]);
    expect(seen[0]?.[1]).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[1]?.[1]).toMatch(/^multipart\/form-data; boundary=xai-/);
  });

  it("sends nothing when validation fails", async () => {
    let calls = 0;
    const xai = createXai({
      apiKey: "test-key",
      fetch: async () => {
        calls++;
        return new Response("{}");
      },
    });
    await expect(xai.files.upload(new Blob(["x"]), { expiresAfter: 60 })).rejects.toBeInstanceOf(FileValidationError);
    expect(calls).toBe(0);
  });

  it("reports the size limit, not a connection error, when a stream passes 50 MB mid-upload", async () => {
    const xai = createXai({
      apiKey: "test-key",
      fetch: async (request: Request) => {
        await request.arrayBuffer();
        return new Response("{}");
      },
    });
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    await expect(xai.files.upload(endless)).rejects.toThrow(/exceeded 52428800 bytes/);
  });
});
