import { describe, expect, it } from "vitest";
import { type OperationEntry, operations as table } from "../../generated/operations.ts";
import { methodAt, methodNames } from "../support/method-names.ts";
import { client, json, SECRET } from "./helpers.ts";

const operations: readonly OperationEntry[] = table;
const ID = "id with/slash";
const QUERY: Record<string, Record<string, string | number>> = {
  handle_list_files_request: { limit: 2, order: "asc", sort_by: "filename", pagination_token: "tok 1" },
  handle_download_file_content_request: { format: "text" },
};

describe("every operation sends the request the spec describes", () => {
  for (const op of operations) {
    it(`${op.operationId} → ${methodNames.get(op.operationId)}`, async () => {
      const { xai, calls } = client(() => json({ data: [] }));
      const method = methodAt(xai, methodNames.get(op.operationId)!)!;
      const body = { model: "grok-test", operation: op.operationId };
      const query = QUERY[op.operationId];
      const args: unknown[] = op.pathParams.map(() => ID);
      if (op.operationId === "handle_upload_skill_request") {
        args.push(new Blob(["zip bytes"]), { filename: "skill.zip" });
      } else if (op.requestMediaTypes.includes("multipart/form-data")) {
        args.push(new Blob(["hello"], { type: "text/plain" }), {
          filename: "a.txt",
          purpose: "assistants",
          expiresAfter: 3600,
        });
      } else if (op.requestMediaTypes.includes("application/json")) {
        args.push(body);
      } else if (op.queryParams.length > 0) {
        args.push(query);
      }
      const result = method(...args);
      // A paginated list is an async iterable of every page; drawing one page is one request.
      if (typeof result.pages === "function") await result.pages().next();
      else await result;

      expect(calls).toHaveLength(1);
      const call = calls[0]!;
      expect(call.method).toBe(op.method.toUpperCase());
      const path = op.pathParams.reduce((p, name) => p.replace(`{${name}}`, encodeURIComponent(ID)), op.path);
      expect(call.url.origin + call.url.pathname).toBe(`https://api.x.ai${path}`);
      expect(Object.fromEntries(call.url.searchParams)).toEqual(
        query ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) : {},
      );
      expect(call.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
      if (op.requestMediaTypes.includes("application/json")) {
        expect(call.headers.get("content-type")).toBe("application/json");
        expect(JSON.parse(call.body as string)).toEqual(body);
      } else if (op.operationId === "handle_upload_skill_request") {
        const form = call.body as FormData;
        expect([...form.keys()]).toEqual(["files"]);
        expect((form.get("files") as File).name).toBe("skill.zip");
      } else if (op.requestMediaTypes.includes("multipart/form-data")) {
        const form = call.body as FormData;
        expect([...form.keys()]).toEqual(["expires_after", "purpose", "file"]);
        expect(form.get("expires_after")).toBe("3600");
        const file = form.get("file") as File;
        expect(file.name).toBe("a.txt");
        expect(await file.text()).toBe("hello");
      } else {
        expect(call.body).toBeUndefined();
      }
    });
  }
});

describe("results", () => {
  it("resolves to the typed body; withResponse adds the Response and x-request-id", async () => {
    const { xai } = client(() => json({ object: "list", data: [{ id: "grok-4" }] }, 200, { "x-request-id": "req-1" }));
    const models = await xai.models.list();
    expect(models.data[0]?.id).toBe("grok-4");
    const { data, response, requestId } = await xai.models.list().withResponse();
    expect(data).toEqual(models);
    expect(response.status).toBe(200);
    expect(requestId).toBe("req-1");
  });

  it("chat.deferred.retrieve resolves undefined while the completion is pending (202, no body)", async () => {
    const { xai } = client(() => new Response(null, { status: 202 }));
    const { data, response } = await xai.chat.deferred.retrieve("req-1").withResponse();
    expect(data).toBeUndefined();
    expect(response.status).toBe(202);
  });

  it("files.content resolves to a Response streaming the bytes", async () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const { xai } = client(() => new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
    const content = await xai.files.content("file-1");
    expect(content.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
  });

  it("the raw openapi-fetch client is reachable and shares auth and base URL", async () => {
    const { xai, calls } = client(() => json({ object: "list", data: [] }));
    const { data, error } = await xai.raw.GET("/v1/models");
    expect(error).toBeUndefined();
    expect(data).toEqual({ object: "list", data: [] });
    expect(calls[0]?.url.href).toBe("https://api.x.ai/v1/models");
    expect(calls[0]?.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
  });
});

describe("bad input fails before any request", () => {
  it.each([
    ["models.retrieve", () => client().xai.models.retrieve("")],
    ["files.delete", () => client().xai.files.delete(undefined as unknown as string)],
    ["files.upload (not a Blob)", () => client().xai.files.upload(42 as unknown as Blob)],
    ["files.upload (expiresAfter)", () => client().xai.files.upload(new Blob(["x"]), { expiresAfter: 60 })],
  ])("%s", async (_name, run) => {
    await expect(run()).rejects.toThrow(/must|cannot|expected/);
  });

  it("a body that cannot become JSON is a clear error, not a retried connection error", async () => {
    const { xai, calls } = client();
    const body = { model: "m", messages: [], big: 1n } as never;
    await expect(xai.chat.completions.create(body)).rejects.toThrow(/cannot be serialized as JSON/);
    expect(calls).toHaveLength(0);
  });
});
