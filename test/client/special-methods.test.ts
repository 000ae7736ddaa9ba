/**
 * The hand-written methods of the newer operations, end to end against the mock: `images.wait` (done, failed,
 * bounded), skill uploads (a directory's Files, a zip from a Node path) and downloads, and the cursor-paginated lists
 * (`skills.list`, `responses.inputItems.list`) — iterated across pages, and refusing a server that repeats a cursor.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMAGE_FAILURE_TRIGGER, type MockServer, startMockServer } from "../../mock/index.ts";
import {
  createXai,
  FileValidationError,
  ImageFailedError,
  NotFoundError,
  WaitTimeoutError,
  type Xai,
  XaiError,
} from "../../src/index.ts";
import { client, json } from "./helpers.ts";

let mock: MockServer;
let xai: Xai;
let dir: string;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, deferredPolls: 2 });
  xai = createXai({ baseUrl: mock.url, maxRetries: 0, timeout: 10_000 });
  dir = await mkdtemp(join(tmpdir(), "special-methods-"));
});
afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const skillMd = (name: string) => `---\nname: ${name}\ndescription: Does ${name}.\n---\n`;

describe("images.wait", () => {
  it("polls a deferred generation until its images are there", async () => {
    const { request_id } = await xai.images.generate({ prompt: "A lighthouse", deferred: true });
    const done = await xai.images.wait(request_id, { interval: 5, timeout: 5_000 });
    expect(done.status).toBe("done");
    expect(done.data[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__mock\/media\/.+\.jpeg$/);
  });

  it("throws ImageFailedError with the server's reason, WaitTimeoutError with the id, NotFoundError when unknown", async () => {
    const failing = await xai.images.generate({ prompt: `${IMAGE_FAILURE_TRIGGER} now`, deferred: true });
    const failure = await xai.images.wait(failing.request_id, { interval: 5, timeout: 5_000 }).catch((e) => e);
    expect(failure).toBeInstanceOf(ImageFailedError);
    expect(failure.imageError.code).toBe("invalid_argument");
    const slow = await xai.images.generate({ prompt: "slow", deferred: true });
    const timeout = await xai.images.wait(slow.request_id, { interval: 50, timeout: 20 }).catch((e) => e);
    expect(timeout).toBeInstanceOf(WaitTimeoutError);
    expect(timeout.requestId).toBe(slow.request_id);
    await expect(xai.images.wait("no-such-request", { interval: 5, timeout: 1_000 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(() => xai.images.wait("")).toThrow(/requestId must be a non-empty string/);
  });
});

describe("skills", () => {
  it("uploads a directory's Files and a zip from a path; downloads the zip; lists across pages", async () => {
    const server = await startMockServer({ port: 0 });
    try {
      const client = createXai({ baseUrl: server.url, maxRetries: 0 });
      const fromDirectory = await client.skills.upload([
        new File([skillMd("alpha")], "alpha/SKILL.md"),
        new File(["echo hi\n"], "alpha/run.sh"),
      ]);
      expect(fromDirectory.name).toBe("alpha");
      const zip = Buffer.from(await (await client.skills.content(fromDirectory.id)).arrayBuffer());
      const path = join(dir, "alpha.zip");
      await writeFile(path, zip);
      const fromZip = await client.skills.upload(path);
      expect(fromZip).toMatchObject({ name: "alpha", description: "Does alpha." });
      expect(fromZip.id).not.toBe(fromDirectory.id);

      const third = await client.skills.upload([new File([skillMd("gamma")], "SKILL.md")]);
      const ids: string[] = [];
      for await (const skill of client.skills.list({ limit: 2 })) ids.push(skill.id);
      expect(ids).toEqual([third.id, fromZip.id, fromDirectory.id]);
      const pages: number[] = [];
      for await (const page of client.skills.list({ limit: 2 }).pages()) pages.push(page.data.length);
      expect(pages).toEqual([2, 1]);
    } finally {
      await server.close();
    }
  });

  it("refuses a directory upload with nameless or no files before sending", async () => {
    await expect(xai.skills.upload([])).rejects.toBeInstanceOf(FileValidationError);
    await expect(xai.skills.upload([new Blob(["x"]) as File])).rejects.toThrow(/named by its path/);
  });
});

describe("responses.inputItems.list", () => {
  it("iterates a stored response's input across pages", async () => {
    const input = ["a", "b", "c"].map((content) => ({ role: "user" as const, content }));
    const created = await xai.responses.create({ model: "grok-4", input });
    const contents: unknown[] = [];
    for await (const item of xai.responses.inputItems.list(created.id, { limit: 2 })) {
      contents.push("content" in item ? item.content : undefined);
    }
    expect(contents).toEqual(["a", "b", "c"]);
  });
});

describe("cursor pagination", () => {
  it("asks for the items after each page's last_id, one request per page, lazily", async () => {
    const pages = [
      { data: [{ id: "s1" }], has_more: true, last_id: "s1", first_id: "s1", object: "list" },
      { data: [{ id: "s2" }], has_more: false, last_id: "s2", first_id: "s2", object: "list" },
    ];
    const { xai: fake, calls } = client((_request, index) => json(pages[index]));
    const list = fake.skills.list({ limit: 1 });
    expect(calls).toHaveLength(0);
    const ids: string[] = [];
    for await (const skill of list) ids.push(skill.id);
    expect(ids).toEqual(["s1", "s2"]);
    expect(calls.map((call) => call.url.search)).toEqual(["?limit=1", "?limit=1&after=s1"]);
  });

  it("refuses a server that sends the same cursor twice instead of looping", async () => {
    const page = { data: [{ id: "s1" }], has_more: true, last_id: "s1", first_id: "s1", object: "list" };
    const { xai: fake } = client(() => json(page));
    const drain = async () => {
      for await (const _ of fake.skills.list()) {
        // drain
      }
    };
    const error = await drain().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(XaiError);
    expect((error as Error).message).toBe('list: the server returned last_id "s1" twice');
  });
});
