/**
 * Every mock store is capped by entry count and by bytes, forgetting the least recently used entry first, and
 * `reset()` empties them all (issue 16, defect 3 and part 2: the file store and the fault-budget table grew without
 * bound). Limits come from `stores` in the options or `--store-max-entries` / `--store-max-bytes` on the CLI.
 */
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { type MockServer, type MockServerOptions, startMockServer } from "../../mock/index.ts";
import { api, type MockLike, requestExample, startCli } from "../mock/helpers.ts";

let servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function start(options: MockServerOptions): Promise<MockServer> {
  const server = await startMockServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

const post = (mock: MockLike, path: string, json: unknown) => api(mock, path, { method: "POST", json });

async function upload(mock: MockLike, bytes: number): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), "f.bin");
  const response = await api(mock, "/v1/files", { method: "POST", body: form });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

const status = async (mock: MockLike, path: string) => (await api(mock, path)).status;

describe("store bounds", () => {
  it("files: the oldest is forgotten past maxEntries", async () => {
    const mock = await start({ stores: { files: { maxEntries: 3 } } });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await upload(mock, 10));
    expect(await status(mock, `/v1/files/${ids[0]}`)).toBe(404);
    for (const id of ids.slice(1)) expect(await status(mock, `/v1/files/${id}/content`)).toBe(200);
    const listed = (await (await api(mock, "/v1/files")).json()) as { data: unknown[] };
    expect(listed.data).toHaveLength(3);
  });

  it("files: the least recently used go first once the bytes would pass maxBytes", async () => {
    const mock = await start({ maxFileBytes: 4_000, stores: { files: { maxBytes: 12_000 } } });
    const first = await upload(mock, 3_000);
    const second = await upload(mock, 3_000);
    const third = await upload(mock, 3_000);
    expect(await status(mock, `/v1/files/${first}`)).toBe(200); // first is now the most recently used
    const fourth = await upload(mock, 3_000);
    expect(await status(mock, `/v1/files/${second}`)).toBe(404);
    for (const id of [first, third, fourth]) expect(await status(mock, `/v1/files/${id}`)).toBe(200);
  });

  it("stored responses, deferred completions and video jobs: the oldest is forgotten past maxEntries", async () => {
    const limit = { maxEntries: 2 };
    const mock = await start({ stores: { responses: limit, deferred: limit, videos: limit } });
    const create = async (path: string, body: Record<string, unknown>, idField: string) =>
      ((await (await post(mock, path, body)).json()) as Record<string, string>)[idField]!;
    const cases = [
      ["/v1/responses", requestExample("/v1/responses", "post"), "id", "/v1/responses/"],
      [
        "/v1/chat/completions",
        { ...requestExample("/v1/chat/completions", "post"), deferred: true },
        "request_id",
        "/v1/chat/deferred-completion/",
      ],
      ["/v1/videos/generations", requestExample("/v1/videos/generations", "post"), "request_id", "/v1/videos/"],
    ] as const;
    for (const [path, body, idField, lookup] of cases) {
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await create(path, body, idField));
      expect(await status(mock, `${lookup}${ids[0]}`), path).toBe(404);
      expect([200, 202], path).toContain(await status(mock, `${lookup}${ids[2]}`));
    }
  });

  it("fault budgets: a forgotten key fires again; the table never passes maxEntries", async () => {
    const mock = await start({ stores: { faultBudgets: { maxEntries: 2 } } });
    const fault = (key: string) => ({ "x-mock-status": "503", "x-mock-fault-times": "1", "x-mock-fault-key": key });
    const models = async (key: string) => (await api(mock, "/v1/models", { headers: fault(key) })).status;
    expect([await models("a"), await models("a")]).toEqual([503, 200]);
    expect([await models("b"), await models("c")]).toEqual([503, 503]);
    expect(await models("a")).toBe(503);
  });

  it("fault budgets: long keys are capped by bytes", async () => {
    const mock = await start({ stores: { faultBudgets: { maxBytes: 20_000 } } });
    const key = (name: string) => name.repeat(8_000);
    const models = async (name: string) =>
      (
        await api(mock, "/v1/models", {
          headers: { "x-mock-status": "503", "x-mock-fault-times": "1", "x-mock-fault-key": key(name) },
        })
      ).status;
    expect([await models("a"), await models("a")]).toEqual([503, 200]);
    await models("b");
    await models("c"); // 3 × 8 KB > 20 KB: "a" goes
    expect(await models("a")).toBe(503);
  });
});

describe("reset()", () => {
  it("empties every store and fault budget; the mock keeps serving", async () => {
    const mock = await start({});
    const file = await upload(mock, 100);
    const response = (await (await post(mock, "/v1/responses", requestExample("/v1/responses", "post"))).json()) as {
      id: string;
    };
    const deferred = (await (
      await post(mock, "/v1/chat/completions", {
        ...requestExample("/v1/chat/completions", "post"),
        deferred: true,
      })
    ).json()) as { request_id: string };
    const video = (await (
      await post(mock, "/v1/videos/generations", requestExample("/v1/videos/generations", "post"))
    ).json()) as { request_id: string };
    const fault = { "x-mock-status": "503", "x-mock-fault-times": "1", "x-mock-fault-key": "reset-test" };
    expect((await api(mock, "/v1/models", { headers: fault })).status).toBe(503);
    expect((await api(mock, "/v1/models", { headers: fault })).status).toBe(200);

    mock.reset();

    expect(await status(mock, `/v1/files/${file}`)).toBe(404);
    expect(((await (await api(mock, "/v1/files")).json()) as { data: unknown[] }).data).toEqual([]);
    expect(await status(mock, `/v1/responses/${response.id}`)).toBe(404);
    expect(await status(mock, `/v1/chat/deferred-completion/${deferred.request_id}`)).toBe(404);
    expect(await status(mock, `/v1/videos/${video.request_id}`)).toBe(404);
    expect((await api(mock, "/v1/models", { headers: fault })).status).toBe(503);
    expect(await upload(mock, 10)).not.toBe(file);
  });
});

describe("bad limits", () => {
  it("are refused at start-up, naming the option", async () => {
    const refusals: [MockServerOptions, RegExp][] = [
      [{ stores: { skillz: { maxEntries: 1 } } } as never, /stores\.skillz.*files/],
      [{ stores: { files: { maxEntries: 0 } } }, /stores\.files\.maxEntries/],
      [{ stores: { responses: { maxBytes: 1.5 } } }, /stores\.responses\.maxBytes/],
      [{ stores: { files: { maxBytes: 1_000 } } }, /stores\.files\.maxBytes.*maxFileBytes/],
      [{ headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 }, /headersTimeoutMs/],
    ];
    for (const [options, message] of refusals) {
      await expect(startMockServer({ port: 0, ...options })).rejects.toThrow(message);
    }
  });
});

describe("CLI flags", () => {
  it("--store-max-entries and --store-max-bytes cap the stores", async () => {
    const cli = startCli(["--quiet", "--store-max-entries", "files=1", "--store-max-bytes", "responses=1MiB"]);
    try {
      const mock = { url: await cli.url };
      const first = await upload(mock, 10);
      await upload(mock, 10);
      expect(await status(mock, `/v1/files/${first}`)).toBe(404);
    } finally {
      const exited = once(cli.child, "exit");
      cli.child.kill("SIGTERM");
      await exited;
    }
  });

  it("a bad store flag exits 2 naming what is wrong", async () => {
    for (const [flag, value, named] of [
      ["--store-max-entries", "filez=1", "filez"],
      ["--store-max-bytes", "files=lots", "lots"],
      ["--store-max-bytes", "files=1KiB", "maxFileBytes"],
    ] as const) {
      const cli = startCli([flag, value]);
      const [code] = await once(cli.child, "exit");
      expect(code).toBe(2);
      expect(cli.output()).toContain(named);
    }
  });
});
