/** The xAI behaviours the mock adds on top of Prism: streams, deferred chat, videos, files, stored responses. */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer, VIDEO_FAILURE_TRIGGER } from "../../mock/index.ts";
import { validateResponseBody, validateSchema } from "../support/spec-validator.ts";
import { AUTH, api, readSse, readXaiError, requestExample } from "./helpers.ts";

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, deferredPolls: 2, videoPolls: 3, streamDelayMs: 1 });
});
afterAll(() => mock.close());

const chatBody = () => requestExample("/v1/chat/completions", "post");

/** The unstreamed answer's text, which the streamed deltas must rebuild. */
async function unstreamed(path: string, body: Record<string, unknown>, text: (answer: any) => string): Promise<string> {
  return text(await (await api(mock, path, { method: "POST", json: body })).json());
}

describe("streaming", () => {
  it("chat completions: OpenAI-style chunks whose deltas rebuild the answer, usage last when asked, then [DONE]", async () => {
    const content = await unstreamed("/v1/chat/completions", chatBody(), (a) => a.choices[0].message.content);
    const json = { ...chatBody(), stream: true, stream_options: { include_usage: true } };
    const events = await readSse(await api(mock, "/v1/chat/completions", { method: "POST", json }));
    expect(events.at(-1)?.data).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0].id)).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    expect(chunks.slice(1).some((c) => c.choices[0]?.delta.role !== undefined)).toBe(false);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe(content);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.at(-2).choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "stop" });
    expect(chunks.at(-1).choices).toEqual([]);
    expect(chunks.at(-1).usage.total_tokens).toBeGreaterThan(0);
  });

  it("responses: response.created … output_text deltas … response.completed with increasing sequence numbers", async () => {
    const body = { ...requestExample("/v1/responses", "post"), stream: true };
    const content = await unstreamed(
      "/v1/responses",
      { ...body, stream: false },
      (a) => a.output.at(-1).content[0].text,
    );
    const events = await readSse(await api(mock, "/v1/responses", { method: "POST", json: body }));
    const types = events.map((e) => e.event);
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    const data = events.map((e) => JSON.parse(e.data));
    expect(data.map((d) => d.sequence_number)).toEqual(data.map((_, i) => i));
    expect(data.every((d, i) => d.type === types[i])).toBe(true);
    const text = data.filter((d) => d.type === "response.output_text.delta").map((d) => d.delta);
    expect(text.join("")).toBe(content);
    for (const d of data) expect(validateSchema("ResponseStreamEvent", d).errors).toEqual([]);
  });

  it("messages: Anthropic-style message_start … content_block_delta … message_stop", async () => {
    const body = { ...requestExample("/v1/messages", "post"), stream: true };
    const content = await unstreamed("/v1/messages", { ...body, stream: false }, (a) => a.content[0].text);
    const events = await readSse(await api(mock, "/v1/messages", { method: "POST", json: body }));
    const types = events.map((e) => e.event);
    expect(types.slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
    expect(types.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    const deltas = events.filter((e) => e.event === "content_block_delta").map((e) => JSON.parse(e.data).delta.text);
    expect(deltas.join("")).toBe(content);
  });

  it("waits streamDelayMs between events", async () => {
    const slow = await startMockServer({ port: 0, streamDelayMs: 25 });
    try {
      const started = performance.now();
      const events = await readSse(
        await api(slow, "/v1/chat/completions", { method: "POST", json: { ...chatBody(), stream: true } }),
      );
      expect(performance.now() - started).toBeGreaterThanOrEqual(25 * (events.length - 1) * 0.8);
    } finally {
      await slow.close();
    }
  });
});

describe("deferred chat", () => {
  it("returns a request id, answers 202 for N polls, then the completion once, then 404", async () => {
    const start = await api(mock, "/v1/chat/completions", { method: "POST", json: { ...chatBody(), deferred: true } });
    const { request_id } = (await start.json()) as { request_id: string };
    expect(request_id).toMatch(/^[0-9a-f-]{36}$/);
    const poll = () => api(mock, `/v1/chat/deferred-completion/${request_id}`);
    for (let i = 0; i < 2; i++) {
      const pending = await poll();
      expect(pending.status).toBe(202);
      expect(await pending.text()).toBe("");
    }
    const done = await poll();
    expect(done.status).toBe(200);
    const completion = (await done.json()) as { choices: { message: { content: string } }[] };
    expect(completion.choices[0]!.message.content).toMatch(/^You asked: "/);
    expect((await poll()).status).toBe(404);
  });

  it("unknown id → 404 in xAI's error shape", async () => {
    const response = await api(mock, "/v1/chat/deferred-completion/nope");
    expect(response.status).toBe(404);
    const { body } = await readXaiError(response);
    expect(body.code).toBe("not-found");
    expect(
      validateResponseBody("get", "/v1/chat/deferred-completion/{request_id}", 404, "application/json", body).errors,
    ).toEqual([]);
  });
});

describe("videos", () => {
  async function start(prompt: string): Promise<string> {
    const body = { ...requestExample("/v1/videos/generations", "post"), prompt };
    const response = await api(mock, "/v1/videos/generations", { method: "POST", json: body });
    return ((await response.json()) as { request_id: string }).request_id;
  }
  const poll = async (id: string) => {
    const response = await api(mock, `/v1/videos/${id}`);
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it("pending with rising progress for N polls, then done, and stays done", async () => {
    const id = await start("A cat playing with a ball");
    const progress: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { status, body } = await poll(id);
      expect([status, body.status]).toEqual([200, "pending"]);
      progress.push(body.progress);
    }
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    const done = await poll(id);
    expect(done.body.status).toBe("done");
    expect(done.body.progress).toBe(100);
    expect(done.body.video.url).toContain(id);
    expect(await poll(id)).toEqual(done);
    expect(validateSchema("VideoResponse", done.body).errors).toEqual([]);
  });

  it(`a prompt containing '${VIDEO_FAILURE_TRIGGER}' ends failed with a VideoError`, async () => {
    const id = await start(`please ${VIDEO_FAILURE_TRIGGER} now`);
    let last: Awaited<ReturnType<typeof poll>>;
    do last = await poll(id);
    while (last.body.status === "pending");
    expect(last.body.status).toBe("failed");
    expect(validateSchema("VideoError", last.body.error).errors).toEqual([]);
    expect(validateSchema("VideoResponse", last.body).errors).toEqual([]);
  });

  it("edits and extensions start jobs too; unknown id → 404", async () => {
    for (const path of ["/v1/videos/edits", "/v1/videos/extensions"]) {
      const response = await api(mock, path, { method: "POST", json: requestExample(path, "post") });
      const { request_id } = (await response.json()) as { request_id: string };
      expect((await poll(request_id)).body.status).toBe("pending");
    }
    expect((await api(mock, "/v1/videos/unknown-id")).status).toBe(404);
  });
});

describe("files", () => {
  async function upload(name: string, bytes: Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", new Blob([bytes]), name);
    return fetch(`${mock.url}/v1/files`, { method: "POST", body: form, headers: AUTH });
  }

  it("keeps the exact bytes and serves them as application/octet-stream", async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31 + 7) % 256);
    const response = await upload("exact.bin", bytes, { purpose: "assistants", expires_after: "3600" });
    const file = (await response.json()) as {
      id: string;
      bytes: number;
      filename: string;
      expires_at: number;
      created_at: number;
    };
    expect(response.status).toBe(200);
    expect([file.bytes, file.filename, file.expires_at - file.created_at]).toEqual([70_000, "exact.bin", 3600]);
    const content = await api(mock, `/v1/files/${file.id}/content`);
    expect(content.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
  });

  it("paginates with limit, order, sort_by and pagination_token", async () => {
    const fresh = await startMockServer({ port: 0 });
    try {
      for (const name of ["c.txt", "a.txt", "e.txt", "b.txt", "d.txt"]) {
        const form = new FormData();
        form.append("file", new Blob([name.repeat(name.charCodeAt(0) - 96)]), name);
        await fetch(`${fresh.url}/v1/files`, { method: "POST", body: form, headers: AUTH });
      }
      const names: string[] = [];
      let token: string | null = null;
      let pages = 0;
      do {
        const query = new URLSearchParams({ limit: "2", order: "asc", sort_by: "filename" });
        if (token) query.set("pagination_token", token);
        const page = (await (await api(fresh, `/v1/files?${query}`)).json()) as {
          data: { filename: string }[];
          pagination_token: string | null;
        };
        expect(validateResponseBody("get", "/v1/files", 200, "application/json", page).errors).toEqual([]);
        names.push(...page.data.map((f) => f.filename));
        token = page.pagination_token;
        pages++;
      } while (token);
      expect(names).toEqual(["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]);
      expect(pages).toBe(3);
      const bySize = (await (await api(fresh, "/v1/files?sort_by=size&order=desc")).json()) as {
        data: { filename: string }[];
      };
      expect(bySize.data.map((f) => f.filename)).toEqual(["e.txt", "d.txt", "c.txt", "b.txt", "a.txt"]);
      const bad = await api(fresh, "/v1/files?sort_by=colour");
      expect(bad.status).toBe(400);
      expect((await readXaiError(bad)).body.error).toMatch(/\bsort_by\b/);
    } finally {
      await fresh.close();
    }
  });

  it("delete → 404 for get, content and delete", async () => {
    const file = (await (await upload("gone.txt", new TextEncoder().encode("bye"))).json()) as { id: string };
    const deleted = await api(mock, `/v1/files/${file.id}`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ id: file.id, object: "file", deleted: true });
    for (const [method, path] of [
      ["GET", `/v1/files/${file.id}`],
      ["GET", `/v1/files/${file.id}/content`],
      ["DELETE", `/v1/files/${file.id}`],
    ] as const) {
      const response = await api(mock, path, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await readXaiError(response)).body.code).toBe("not-found");
    }
    const listed = (await (await api(mock, "/v1/files")).json()) as { data: { id: string }[] };
    expect(listed.data.map((f) => f.id)).not.toContain(file.id);
  });

  it("a missing file part or a bad expires_after → 400 naming the field", async () => {
    const noFile = new FormData();
    noFile.append("purpose", "assistants");
    const missing = await fetch(`${mock.url}/v1/files`, { method: "POST", body: noFile, headers: AUTH });
    expect(missing.status).toBe(400);
    expect((await readXaiError(missing)).body.error).toMatch(/\bfile\b/);
    const badExpiry = await upload("x.txt", new Uint8Array([1]), { expires_after: "5" });
    expect(badExpiry.status).toBe(400);
    expect((await readXaiError(badExpiry)).body.error).toMatch(/\bexpires_after\b/);
  });

  it("> 50 MB → 413, streamed rather than buffered, and the server keeps answering", async () => {
    const boundary = "limit-test-boundary";
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0)
          controller.enqueue(
            new TextEncoder().encode(
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
            ),
          );
        if (sent < 51) {
          controller.enqueue(chunk);
          sent++;
        } else {
          controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          controller.close();
        }
      },
    });
    const response = await fetch(`${mock.url}/v1/files`, {
      method: "POST",
      body,
      duplex: "half",
      headers: { ...AUTH, "content-type": `multipart/form-data; boundary=${boundary}` },
    } as RequestInit);
    expect(response.status).toBe(413);
    const error = await response.json();
    expect(validateResponseBody("post", "/v1/files", 413, "application/json", error).errors).toEqual([]);
    expect((await api(mock, "/v1/models")).status).toBe(200);
  });
});

describe("stored responses", () => {
  it("store → GET returns it → DELETE removes it → 404", async () => {
    const created = (await (
      await api(mock, "/v1/responses", { method: "POST", json: requestExample("/v1/responses", "post") })
    ).json()) as { id: string };
    const fetched = await api(mock, `/v1/responses/${created.id}`);
    expect(await fetched.json()).toEqual(created);
    const deleted = await api(mock, `/v1/responses/${created.id}`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ id: created.id, object: "response", deleted: true });
    expect((await api(mock, `/v1/responses/${created.id}`)).status).toBe(404);
    expect((await api(mock, `/v1/responses/${created.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("store: false is not kept", async () => {
    const body = { ...requestExample("/v1/responses", "post"), store: false };
    const created = (await (await api(mock, "/v1/responses", { method: "POST", json: body })).json()) as { id: string };
    expect((await api(mock, `/v1/responses/${created.id}`)).status).toBe(404);
  });
});

describe("determinism", () => {
  it("the same request gets the same body; created ids are unique; the seed fixes the id sequence", async () => {
    const answer = async () => {
      const { id, created, ...rest } = await (
        await api(mock, "/v1/chat/completions", { method: "POST", json: chatBody() })
      ).json();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      return { id, rest };
    };
    const [once, twice] = [await answer(), await answer()];
    expect(twice.rest).toEqual(once.rest);
    expect(twice.id).not.toBe(once.id);

    const ids = async (server: MockServer) => {
      const out: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await api(server, "/v1/videos/generations", {
          method: "POST",
          json: requestExample("/v1/videos/generations", "post"),
        });
        out.push(((await r.json()) as { request_id: string }).request_id);
      }
      return out;
    };
    const [a, b, c] = await Promise.all([
      startMockServer({ port: 0, seed: "s1" }),
      startMockServer({ port: 0, seed: "s1" }),
      startMockServer({ port: 0, seed: "s2" }),
    ]);
    try {
      const first = await ids(a);
      expect(new Set(first).size).toBe(5);
      expect(await ids(b)).toEqual(first);
      expect(await ids(c)).not.toEqual(first);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it("Prefer: example=… and dynamic=true still reach Prism's negotiator", async () => {
    const dynamic = await api(mock, "/v1/models", { headers: { prefer: "dynamic=true" } });
    expect(dynamic.status).toBe(200);
    const generated = await dynamic.json();
    expect(validateResponseBody("get", "/v1/models", 200, "application/json", generated).errors).toEqual([]);
    const again = await (await api(mock, "/v1/models", { headers: { prefer: "dynamic=true" } })).json();
    expect(again, "the server seed makes dynamic bodies repeatable").toEqual(generated);
    const reseeded = await (await api(mock, "/v1/models", { headers: { prefer: "dynamic=true, seed=other" } })).json();
    expect(reseeded).not.toEqual(generated);
    const notFound = await api(mock, "/v1/models/grok-4-0709", { headers: { prefer: "code=404" } });
    expect(notFound.status).toBe(404);
    const unknownExample = await api(mock, "/v1/models", { headers: { prefer: "example=does-not-exist" } });
    expect(unknownExample.status).toBe(400);
  });

  it("faker, loaded on first use instead of at startup, still serves x-faker hints", () => {
    const generator = createRequire(import.meta.url)("@stoplight/prism-http/dist/mocker/generator/JSONSchema.js");
    const schema = {
      type: "object",
      required: ["email"],
      properties: { email: { type: "string", "x-faker": "internet.email" } },
    };
    const result = generator.generate({ id: "t" }, undefined, schema, "seed");
    expect(result.right.email).toMatch(/^\S+@\S+\.\S+$/);
  });
});
