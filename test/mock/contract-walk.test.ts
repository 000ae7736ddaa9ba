/**
 * Walks all operations of the operation table with plain fetch and checks every JSON body and every SSE event
 * the mock sends against the effective spec (Ajv 2020-12 + formats), and that none carries a placeholder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OperationEntry, operations } from "../../generated/operations.ts";
import { behaviours } from "../../mock/behaviours/index.ts";
import { loadSpec } from "../../mock/contract/spec.ts";
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

/** Which created job a `{request_id}` names, by the path's first segment. */
const JOB_OF_KIND: Record<string, string> = { videos: "video", images: "image", chat: "deferred" };

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
  const kind = op.path.split("/")[2]!;
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name === "model_id") return MODEL_OF_KIND[kind] ?? "grok-4-0709";
    const id = name === "request_id" ? created[JOB_OF_KIND[kind]!] : created[name];
    // An operation the mock answers from its examples takes any id; one with a behaviour needs what was created.
    if (!id && behaviours[op.operationId] === undefined) return "walk-id";
    if (!id) throw new Error(`nothing created yet for ${name}`);
    return encodeURIComponent(id);
  });
}

/** The multipart upload of each upload operation: a file, or a skill's directory (SKILL.md and a script). */
function uploadForm(path: string): FormData {
  const form = new FormData();
  if (path === "/v1/skills") {
    const skillMd = "---\nname: walk-skill\ndescription: Says hello when asked.\n---\nSay hello.\n";
    form.append("files", new Blob([skillMd]), "walk-skill/SKILL.md");
    form.append("files", new Blob(["print('hello')\n"]), "walk-skill/hello.py");
    return form;
  }
  form.append("purpose", "assistants");
  form.append("file", new Blob([new Uint8Array([0, 1, 2, 255])]), "walk.bin");
  return form;
}

/** The spec's request example, or `{}` for a body whose every field is optional and that has none. */
function requestBody(op: OperationEntry): Record<string, unknown> {
  const content = loadSpec().paths[op.path]?.[op.method]?.requestBody?.content?.["application/json"];
  return content?.example === undefined ? {} : requestExample(op.path, op.method);
}

async function call(op: OperationEntry, extra: Record<string, unknown> = {}): Promise<Response> {
  if (op.requestMediaTypes.includes("multipart/form-data")) {
    const init = { method: "POST", body: uploadForm(op.path), headers: { authorization: "Bearer k" } };
    return fetch(`${mock.url}${op.path}`, init);
  }
  const json = op.requestMediaTypes.includes("application/json") ? { ...requestBody(op), ...extra } : undefined;
  return api(mock, concretePath(op), { method: op.method.toUpperCase(), json });
}

const byOrder = (op: OperationEntry) => (op.method === "post" ? 0 : op.method === "get" ? 1 : 2);
const ordered = [...operations].sort((a, b) => byOrder(a) - byOrder(b));

describe("every operation, every body and event validates against the effective spec", () => {
  it("covers the whole operation table: every operation of the effective spec", () => {
    const methods = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];
    const inSpec = Object.values(loadSpec().paths).flatMap((item: any) => methods.filter((m) => item[m]));
    expect(operations.length).toBe(inSpec.length);
  });

  for (const op of ordered) {
    it(`${op.method.toUpperCase()} ${op.path}`, async () => {
      if (
        op.operationId === "handle_get_deferred_completion_request" ||
        op.operationId === "handle_get_deferred_image_request"
      ) {
        const pending = await call(op);
        expect(pending.status).toBe(202);
        await expectValid(op, pending);
      }
      const response = await call(op);
      expect(response.status, await response.clone().text()).toBe(200);
      const body = (await expectValid(op, response)) as Record<string, unknown>;

      if (op.path === "/v1/files" && op.method === "post") created.file_id = body.id as string;
      if (op.path === "/v1/skills" && op.method === "post") created.skill_id = body.id as string;
      if (op.path === "/v1/images/generations") {
        const deferred = await call(op, { deferred: true });
        created.image = ((await expectValid(op, deferred)) as { request_id: string }).request_id;
      }
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

  it("visited every operation", () => {
    expect([...visited].sort()).toEqual(operations.map((op) => op.operationId).sort());
  });
});
