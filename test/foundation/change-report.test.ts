import { describe, expect, it } from "vitest";
import { compareSpecs, renderMarkdown, renderText } from "../../scripts/lib/change-report.ts";

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

  it("reports nothing for identical specs and renders an empty report", () => {
    const same = spec(obj({ a: { type: "string" } }), obj({ b: { type: "string" } }));
    const report = compareSpecs(same, structuredClone(same));
    expect(report).toEqual({ added: [], removed: [], changed: [] });
    const context = { oldSha256: "a".repeat(64), newSha256: "b".repeat(64), obsoleteCorrections: [] };
    expect(renderText(report, context)).toContain("Changed operations (0)");
    expect(renderMarkdown(report, context)).toContain("0 operation(s) added, 0 removed, 0 changed");
  });
});
