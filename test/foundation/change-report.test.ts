import { describe, expect, it } from "vitest";
import { compareSpecs } from "../../scripts/lib/change-report.ts";
import { renderMarkdown, renderText, type UpdateReport } from "../../scripts/lib/update-report.ts";

type Json = Record<string, any>;

/** A one-operation spec: POST /v1/things taking `request` and answering `response`. */
function spec(request: Json, response: Json, schemas: Json = {}): Json {
  return {
    openapi: "3.1.0",
    paths: {
      "/v1/things": {
        post: {
          operationId: "create_thing",
          requestBody: { required: true, content: { "application/json": { schema: request } } },
          responses: { "200": { description: "OK", content: { "application/json": { schema: response } } } },
        },
      },
    },
    components: { schemas },
  };
}

const obj = (properties: Json, required: string[] = []) => ({ type: "object", properties, required });

describe("compareSpecs", () => {
  it("classifies enum values, request widening and response narrowing", () => {
    const before = spec(
      obj({ mode: { type: "string", enum: ["fast", "slow"] }, stop: { type: "array" } }),
      obj({ status: { type: "string", enum: ["done", "failed"] }, score: { type: ["number", "null"] } }, ["status"]),
    );
    const after = spec(
      obj({ mode: { type: "string", enum: ["fast", "turbo"] }, stop: { type: ["string", "array"] } }),
      obj({ status: { type: "string", enum: ["done", "failed", "pending"] }, score: { type: "number" } }),
    );
    expect(compareSpecs(before, after).changed).toEqual([
      {
        operation: "POST /v1/things",
        operationId: "create_thing",
        breaking: ['request body: `mode` enum value "slow" removed', "response 200: `status` became optional"],
        nonBreaking: [
          'request body: `mode` enum value "turbo" added',
          "request body: `stop` type array → string | array",
          'response 200: `status` enum value "pending" added',
          "response 200: `score` type number | null → number",
        ],
      },
    ]);
  });

  it("follows $refs through a recursive schema without looping", () => {
    const tree = (leafType: string) => ({
      Node: obj({
        label: { type: leafType },
        children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
      }),
    });
    const ref = { $ref: "#/components/schemas/Node" };
    const report = compareSpecs(spec(ref, ref, tree("string")), spec(ref, ref, tree("integer")));
    expect(report.changed[0]?.breaking).toEqual([
      "request body: `label` type string → integer",
      "response 200: `label` type string → integer",
    ]);
  });

  it("treats a single-member allOf wrapper as the schema it wraps", () => {
    const schemas = { A: obj({ a: { type: "string" } }), B: obj({ b: { type: "string" } }) };
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const wrapped = { oneOf: [{ allOf: [ref("A")] }, { allOf: [ref("B")] }] };
    const direct = { anyOf: [ref("A"), ref("B")] };
    const request = obj({});
    expect(compareSpecs(spec(request, wrapped, schemas), spec(request, direct, schemas)).changed).toEqual([]);
  });

  it("matches inline union members by the values they pin, not by position", () => {
    const tool = (type: string, field: string) =>
      obj({ type: { type: "string", enum: [type] }, [field]: { type: "string" } });
    const before = spec(obj({ tool: { oneOf: [tool("web", "query"), tool("mcp", "url")] } }), obj({}));
    const after = spec(
      obj({ tool: { oneOf: [tool("web", "query"), tool("image", "size"), tool("mcp", "url")] } }),
      obj({}),
    );
    expect(compareSpecs(before, after).changed).toEqual([
      {
        operation: "POST /v1/things",
        operationId: "create_thing",
        breaking: [],
        nonBreaking: ['request body: `tool` variant {type="image"} added'],
      },
    ]);
  });

  it("reports nothing for identical specs and renders an empty report", () => {
    const same = spec(obj({ a: { type: "string" } }), obj({ b: { type: "string" } }));
    const report = compareSpecs(same, structuredClone(same));
    expect(report).toEqual({ added: [], removed: [], changed: [] });
    const update: UpdateReport = {
      oldSha256: "a".repeat(64),
      newSha256: "b".repeat(64),
      changes: report,
      problems: [],
      findings: [],
      warnings: [],
      spec: same,
      correctionsFile: "openapi/corrections.overlay.yaml",
    };
    expect(renderText(update)).toContain("Changed operations (0)");
    expect(renderText(update)).toContain("aaaaaaaaaaaa → bbbbbbbbbbbb: ready: no problem left");
    expect(renderMarkdown(update)).toContain("0 operation(s) added, 0 removed, 0 changed");
  });

  it("renders problems with their fix and the standing rules with why each exists", () => {
    const update: UpdateReport = {
      oldSha256: "a".repeat(64),
      newSha256: "b".repeat(64),
      changes: { added: [], removed: [], changed: [] },
      problems: [
        {
          source: "operation-summary",
          pointer: "#/paths/~1v1~1things/post/summary",
          message: "Operation object should contain `summary` field.",
          fix: "add a correction: target $.paths['/v1/things'].post, update: { summary: \"…\" }",
        },
      ],
      findings: [{ rule: "servers", pointer: "#/servers", message: "added https://api.x.ai" }],
      warnings: [],
      spec: spec(obj({}), obj({})),
      correctionsFile: "openapi/corrections.overlay.yaml",
    };
    const text = renderText(update);
    expect(text).toContain("BLOCKED: 1 problem(s) no standing rule covers; no file was changed");
    expect(text).toContain(
      [
        "  POST /v1/things (create_thing)",
        "    ✗ operation-summary at #/paths/~1v1~1things/post/summary: Operation object should contain `summary` field.",
        "      fix: add a correction: target $.paths['/v1/things'].post, update: { summary: \"…\" }",
      ].join("\n"),
    );
    expect(text).toContain("  the rules:\n    servers: upstream declares no `servers`");
    expect(renderMarkdown(update)).toContain("- servers: upstream declares no `servers`");
  });
});
