/**
 * The mock's state behind the newer operations: skills (a zip or a directory's files; SKILL.md names them; listed in
 * cursor pages), files' public URLs (served by the mock without a key until revoked), deferred images (202 until
 * done, or failed), a stored response's input items, and compaction. Plus path templates with a custom method.
 */
import { deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readZipEntry } from "../../mock/behaviours/skill-archive.ts";
import { pathParams } from "../../mock/http/target.ts";
import { IMAGE_FAILURE_TRIGGER, type MockServer, startMockServer } from "../../mock/index.ts";
import { validateResponseBody } from "../support/spec-validator.ts";
import { AUTH, api, readXaiError } from "./helpers.ts";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, deferredPolls: 2 });
});
afterAll(() => mock.close());

const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });
const skillMd = (name: string) => `---\nname: ${name}\ndescription: "Makes ${name} reports."\n---\n# ${name}\n`;

/** A zip with one deflated entry, as zip tools write them (the mock's own zips are stored). */
function deflatedZip(name: string, text: string): Uint8Array<ArrayBuffer> {
  const data = Buffer.from(text);
  const packed = deflateRawSync(data);
  const path = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(path.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(path.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + path.length, 12);
  end.writeUInt32LE(local.length + path.length + packed.length, 16);
  return new Uint8Array(Buffer.concat([local, path, packed, central, path, end]));
}

async function uploadSkill(...files: [bytes: string | Uint8Array<ArrayBuffer>, name: string][]) {
  const form = new FormData();
  for (const [bytes, name] of files) form.append("files", new Blob([bytes]), name);
  return json(await fetch(`${mock.url}/v1/skills`, { method: "POST", body: form, headers: AUTH }));
}

describe("skills", () => {
  it("a zip: named by the SKILL.md inside it (deflated), its bytes given back as uploaded", async () => {
    const zip = deflatedZip("reports/SKILL.md", skillMd("reports"));
    const { status, body } = await uploadSkill([zip, "reports.zip"]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ object: "skill", name: "reports", description: "Makes reports reports." });
    expect(validateResponseBody("post", "/v1/skills", 200, "application/json", body).errors).toEqual([]);
    const content = await api(mock, `/v1/skills/${body.id}/content`);
    expect(content.headers.get("content-type")).toBe("application/zip");
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(zip);
  });

  it("a directory's files: the content is a zip holding each of them under its path", async () => {
    const { body } = await uploadSkill([skillMd("charts"), "charts/SKILL.md"], ["print(1)\n", "charts/plot.py"]);
    expect(body.name).toBe("charts");
    const zip = Buffer.from(await (await api(mock, `/v1/skills/${body.id}/content`)).arrayBuffer());
    expect(readZipEntry(zip, (name) => name === "charts/plot.py")?.bytes.toString()).toBe("print(1)\n");
    expect(readZipEntry(zip, (name) => name === "charts/SKILL.md")?.bytes.toString()).toBe(skillMd("charts"));
  });

  it.each([
    ["no SKILL.md", [["print(1)\n", "tool/run.py"]], /no SKILL\.md/],
    ["SKILL.md without frontmatter", [["# just prose\n", "x/SKILL.md"]], /SKILL\.md has no frontmatter/],
    ["a frontmatter without a description", [["---\nname: x\n---\n", "x/SKILL.md"]], /has no description/],
    ["a damaged zip", [[new TextEncoder().encode("PK\u0003\u0004garbage"), "x.zip"]], /not a zip file/],
  ] as const)("refuses %s with a 400 saying why, storing nothing", async (_case, files, message) => {
    const before = (await json(await api(mock, "/v1/skills"))).body.data.length;
    const reply = await readXaiError(
      await fetch(`${mock.url}/v1/skills`, {
        method: "POST",
        headers: AUTH,
        body: files.reduce((form, [bytes, name]) => {
          form.append("files", new Blob([bytes]), name);
          return form;
        }, new FormData()),
      }),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(message);
    expect((await json(await api(mock, "/v1/skills"))).body.data.length).toBe(before);
  });

  it("lists newest first in cursor pages; retrieve, delete, then 404 everywhere", async () => {
    const server = await startMockServer({ port: 0 });
    try {
      const ids: string[] = [];
      for (const name of ["a", "b", "c"]) {
        const form = new FormData();
        form.append("files", new Blob([skillMd(name)]), `${name}/SKILL.md`);
        ids.push(
          (
            (await (
              await fetch(`${server.url}/v1/skills`, { method: "POST", body: form, headers: AUTH })
            ).json()) as any
          ).id,
        );
      }
      const first = (await json(await api(server, "/v1/skills?limit=2"))).body;
      expect(first).toMatchObject({ object: "list", has_more: true, first_id: ids[2], last_id: ids[1] });
      const second = (await json(await api(server, `/v1/skills?limit=2&after=${first.last_id}`))).body;
      expect(second).toMatchObject({ has_more: false, first_id: ids[0], last_id: ids[0] });
      expect((await json(await api(server, "/v1/skills?order=asc&limit=1"))).body.first_id).toBe(ids[0]);
      const bad = await readXaiError(await api(server, "/v1/skills?limit=101"));
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/limit/);

      expect((await json(await api(server, `/v1/skills/${ids[0]}`))).body.name).toBe("a");
      expect((await json(await api(server, `/v1/skills/${ids[0]}`, { method: "DELETE" }))).body).toEqual({
        id: ids[0],
        object: "skill.deleted",
        deleted: true,
      });
      for (const [path, method] of [
        [`/v1/skills/${ids[0]}`, "GET"],
        [`/v1/skills/${ids[0]}/content`, "GET"],
        [`/v1/skills/${ids[0]}`, "DELETE"],
      ] as const) {
        expect((await readXaiError(await api(server, path, { method }))).status, `${method} ${path}`).toBe(404);
      }
      const empty = await startMockServer({ port: 0 });
      expect((await json(await api(empty, "/v1/skills"))).body).toEqual({
        object: "list",
        data: [],
        first_id: "",
        last_id: "",
        has_more: false,
      });
      await empty.close();
    } finally {
      await server.close();
    }
  });
});

describe("a file's public URL", () => {
  async function upload(name: string, bytes = "public bytes"): Promise<string> {
    const form = new FormData();
    form.append("file", new Blob([bytes]), name);
    return ((await (await fetch(`${mock.url}/v1/files`, { method: "POST", body: form, headers: AUTH })).json()) as any)
      .id;
  }
  const create = (id: string, body: unknown = {}) =>
    api(mock, `/v1/files/${id}/public-url`, { method: "POST", json: body });

  it("is served by the mock without a key until revoked, then 404; revoking again is a no-op", async () => {
    const id = await upload("chart.png");
    const { status, body } = await json(await create(id, { expires_after: 7200 }));
    expect(status).toBe(200);
    expect(body.public_url).toMatch(new RegExp(`^${mock.url}/__mock/public/${id}/[0-9a-f-]+/chart\\.png$`));
    expect(body.expires_at).toBeGreaterThan(Date.now() / 1000 + 7000);
    const served = await fetch(body.public_url);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(await served.text()).toBe("public bytes");
    expect((await fetch(body.public_url, { method: "HEAD" })).status).toBe(200);
    expect((await json(await api(mock, `/v1/files/${id}`))).body).toMatchObject({
      public_url: body.public_url,
      public_url_expires_at: body.expires_at,
    });

    const revoked = await json(await api(mock, `/v1/files/${id}/public-url/revoke`, { method: "POST" }));
    expect(revoked.body).toEqual({ id, revoked: true, public_url: body.public_url });
    expect((await fetch(body.public_url)).status).toBe(404);
    expect((await json(await api(mock, `/v1/files/${id}`))).body).not.toHaveProperty("public_url");
    const again = await json(await api(mock, `/v1/files/${id}/public-url/revoke`, { method: "POST" }));
    expect(again.body).toEqual({ id, revoked: false });
  });

  it("without expires_after it lasts as long as the file (no expires_at); deleting the file ends it", async () => {
    const id = await upload("notes.txt");
    const { body } = await json(await create(id));
    expect(body).not.toHaveProperty("expires_at");
    expect((await fetch(body.public_url)).status).toBe(200);
    await api(mock, `/v1/files/${id}`, { method: "DELETE" });
    expect((await fetch(body.public_url)).status).toBe(404);
  });

  it("refuses an out-of-range expires_after naming it, and an unknown file with xAI's 404", async () => {
    const id = await upload("x.txt");
    const range = await readXaiError(await create(id, { expires_after: 60 }));
    expect(range.status).toBe(400);
    expect(range.body.error).toMatch(/expires_after/);
    expect((await readXaiError(await create("file_nope"))).status).toBe(404);
    expect((await fetch(`${mock.url}/__mock/public/file_nope/token/x.txt`)).status).toBe(404);
  });
});

describe("deferred images", () => {
  it("202 while pending, then the images (served by the mock), and they stay", async () => {
    const start = await json(
      await api(mock, "/v1/images/generations", {
        method: "POST",
        json: { prompt: "A lighthouse", n: 2, deferred: true },
      }),
    );
    const id = start.body.request_id;
    expect(Object.keys(start.body)).toEqual(["request_id"]);
    for (let poll = 0; poll < 2; poll++) {
      const pending = await api(mock, `/v1/images/${id}`);
      expect(pending.status).toBe(202);
      expect(await pending.text()).toBe("");
    }
    const done = await json(await api(mock, `/v1/images/${id}`));
    expect(done.body).toMatchObject({ request_id: id, status: "done", usage: { cost_in_usd_ticks: 400000000 } });
    expect(done.body.data).toHaveLength(2);
    expect(validateResponseBody("get", "/v1/images/{request_id}", 200, "application/json", done.body).errors).toEqual(
      [],
    );
    expect((await fetch(done.body.data[0].url)).headers.get("content-type")).toBe("image/jpeg");
    expect((await json(await api(mock, `/v1/images/${id}`))).body.status).toBe("done");
  });

  it(`fails with an ImageError for a prompt containing ${IMAGE_FAILURE_TRIGGER}; refuses b64_json; 404 when unknown`, async () => {
    const { body } = await json(
      await api(mock, "/v1/images/edits", {
        method: "POST",
        json: {
          prompt: `${IMAGE_FAILURE_TRIGGER} please`,
          image: { url: "https://example.com/a.png" },
          deferred: true,
        },
      }),
    );
    await api(mock, `/v1/images/${body.request_id}`);
    await api(mock, `/v1/images/${body.request_id}`);
    const failed = await json(await api(mock, `/v1/images/${body.request_id}`));
    expect(failed.body).toMatchObject({ status: "failed", error: { code: "invalid_argument" } });
    const b64 = await readXaiError(
      await api(mock, "/v1/images/generations", {
        method: "POST",
        json: { prompt: "x", deferred: true, response_format: "b64_json" },
      }),
    );
    expect(b64.status).toBe(400);
    expect(b64.body.error).toMatch(/response_format/);
    expect((await readXaiError(await api(mock, "/v1/images/unknown-request"))).status).toBe(404);
  });
});

describe("a stored response's input items, and compaction", () => {
  it("lists the request's input, ascending by default, in cursor pages", async () => {
    const input = ["one", "two", "three"].map((content) => ({ role: "user", content }));
    const created = (await json(await api(mock, "/v1/responses", { method: "POST", json: { model: "grok-4", input } })))
      .body;
    const page = (await json(await api(mock, `/v1/responses/${created.id}/input_items?limit=2`))).body;
    expect(page.data.map((item: any) => item.content)).toEqual(["one", "two"]);
    expect(page).toMatchObject({ object: "list", has_more: true });
    expect(page.data[0]).toMatchObject({ type: "message", role: "user" });
    const rest = (await json(await api(mock, `/v1/responses/${created.id}/input_items?after=${page.last_id}`))).body;
    expect(rest.data.map((item: any) => item.content)).toEqual(["three"]);
    const desc = (await json(await api(mock, `/v1/responses/${created.id}/input_items?order=desc`))).body;
    expect(desc.data.map((item: any) => item.content)).toEqual(["three", "two", "one"]);
    expect(new Set(desc.data.map((item: any) => item.id)).size).toBe(3);

    const unstored = (
      await json(await api(mock, "/v1/responses", { method: "POST", json: { model: "grok-4", input, store: false } }))
    ).body;
    expect((await readXaiError(await api(mock, `/v1/responses/${unstored.id}/input_items`))).status).toBe(404);
  });

  it("compacts a window into one opaque compaction item, with usage that adds up", async () => {
    const input = [
      { role: "user", content: "Tell me about Rust." },
      { role: "assistant", content: "Rust is a systems language." },
    ];
    const { body } = await json(
      await api(mock, "/v1/responses/compact", { method: "POST", json: { model: "grok-4", input } }),
    );
    expect(body).toMatchObject({ object: "response.compaction", model: "grok-4-0709" });
    expect(body.output).toEqual([{ type: "compaction", id: body.id, encrypted_content: expect.any(String) }]);
    expect(body.usage.total_tokens).toBe(body.usage.input_tokens + body.usage.output_tokens);
    expect(body.usage.dropped_message_count).toBe(2);
  });
});

describe("path templates", () => {
  it("a parameter shares its segment with a custom method (`{id}:cancel`)", () => {
    expect(pathParams("/v1/things/{id}:cancel", "/v1/things/run%201:cancel")).toEqual({ id: "run 1" });
    expect(pathParams("/v1/files/{file_id}/content", "/v1/files/file_9/content")).toEqual({ file_id: "file_9" });
  });
});
