/**
 * Walks all operations of the operation table with plain fetch and checks every JSON body and every SSE event
 * the mock sends against the effective spec (Ajv 2020-12 + formats), and that none carries a placeholder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OperationEntry, operations } from "../../generated/operations.ts";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { validateResponseBody, validateSchema } from "../support/spec-validator.ts";
import { api, placeholdersIn, readSse, requestExample } from "./helpers.ts";

const STREAM_SCHEMA: Record<string, string> = {
  "/v1/chat/completions": "ChatResponseChunk",
  "/v1/responses": "ResponseStreamEvent",
  "/v1/messages": "MessageStreamEvent",
};

/** A model of each list's kind, by the path's first segment (`/v1/<segment>/{model_id}`). */
const MODEL_OF_KIND: Record<string, string> = {
  "embedding-models": "v1",
  "image-generation-models": "grok-imagine-image",
  "video-generation-models": "grok-imagine-video",
  "language-models": "grok-3",
};

let mock: MockServer;
const visited = new Set<string>();
const created: Record<string, string> = {};

beforeAll(async () => {
  mock = await startMockServer({ port: 0, deferredPolls: 1, videoPolls: 1 });
});
afterAll(() => mock.close());

async function expectValid(op: OperationEntry, response: Response): Promise<unknown> {
  const mediaType = response.headers.get("content-type") ?? undefined;
  const text = await response.text();
  const body = mediaType?.includes("json") ? JSON.parse(text) : text;
  const result = validateResponseBody(op.method, op.path, response.status, text ? mediaType : undefined, body);
  expect(result.errors, `${op.method.toUpperCase()} ${op.path} → ${response.status}`).toEqual([]);
  expect(placeholdersIn(body), `${op.method.toUpperCase()} ${op.path}: placeholders`).toEqual([]);
  visited.add(op.operationId);
  return body;
}

function concretePath(op: OperationEntry): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name === "model_id") return MODEL_OF_KIND[op.path.split("/")[2]!] ?? "grok-4-0709";
    if (name === "request_id") return created[op.path.startsWith("/v1/videos") ? "video" : "deferred"]!;
    const id = created[name];
    if (!id) throw new Error(`nothing created yet for ${name}`);
    return encodeURIComponent(id);
  });
}

async function call(op: OperationEntry, extra: Record<string, unknown> = {}): Promise<Response> {
  if (op.path === "/v1/files" && op.method === "post") {
    const form = new FormData();
    form.append("purpose", "assistants");
    form.append("file", new Blob([new Uint8Array([0, 1, 2, 255])]), "walk.bin");
    return fetch(`${mock.url}/v1/files`, { method: "POST", body: form, headers: { authorization: "Bearer k" } });
  }
  const json = op.requestMediaTypes.includes("application/json")
    ? { ...requestExample(op.path, op.method), ...extra }
    : undefined;
  return api(mock, concretePath(op), { method: op.method.toUpperCase(), json });
}

const byOrder = (op: OperationEntry) => (op.method === "post" ? 0 : op.method === "get" ? 1 : 2);
const ordered = [...operations].sort((a, b) => byOrder(a) - byOrder(b));

describe("every operation, every body and event validates against the effective spec", () => {
  it("covers the whole operation table", () => {
    expect(operations.length).toBe(33);
  });

  for (const op of ordered) {
    it(`${op.method.toUpperCase()} ${op.path}`, async () => {
      if (op.operationId === "handle_get_deferred_completion_request") {
        const pending = await call(op);
        expect(pending.status).toBe(202);
        await expectValid(op, pending);
      }
      const response = await call(op);
      expect(response.status, await response.clone().text()).toBe(200);
      const body = (await expectValid(op, response)) as Record<string, unknown>;

      if (op.path === "/v1/files" && op.method === "post") created.file_id = body.id as string;
      if (op.path === "/v1/responses" && op.method === "post") created.response_id = body.id as string;
      if (op.path === "/v1/videos/generations") created.video = body.request_id as string;
      if (op.path === "/v1/chat/completions") {
        const deferred = await call(op, { deferred: true });
        created.deferred = ((await expectValid(op, deferred)) as { request_id: string }).request_id;
      }

      if (op.streams) {
        const streamed = await call(op, { stream: true });
        expect(streamed.headers.get("content-type")).toMatch(/^text\/event-stream/);
        const events = await readSse(streamed);
        expect(events.length).toBeGreaterThan(2);
        for (const event of events) {
          if (event.data === "[DONE]") continue;
          const result = validateSchema(STREAM_SCHEMA[op.path]!, JSON.parse(event.data));
          expect(result.errors, `${op.path} event ${event.event ?? ""} ${event.data.slice(0, 120)}`).toEqual([]);
          expect(placeholdersIn(JSON.parse(event.data)), `${op.path} event placeholders`).toEqual([]);
        }
      }
    });
  }

  it("visited all 33 operations", () => {
    expect([...visited].sort()).toEqual(operations.map((op) => op.operationId).sort());
  });
});
