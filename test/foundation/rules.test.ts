/**
 * The standing rules, on a small spec with one operation per kind of defect, through the real pipeline
 * (corrections, rules, Redocly lint, codegen): what each rule changes, what it reports, and what it leaves
 * as a problem for a human.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { nodeAt } from "../../scripts/lib/json-pointer.ts";
import { lintSpec } from "../../scripts/lib/lint.ts";
import { type PipelineOutput, runPipeline } from "../../scripts/lib/pipeline.ts";
import { applyStructuralRules } from "../../scripts/lib/rules.ts";

type Json = Record<string, any>;

const ok = (schema: Json, example: unknown, extra: Json = {}) => ({
  description: "OK",
  content: { "application/json": { schema, example, ...extra } },
});
const get = (operationId: string, response: Json, more: Json = {}) => ({
  get: { operationId, summary: operationId, responses: { "200": response }, ...more },
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Every operation exercises one case; the base document lints clean. */
function tinySpec(): Json {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1", description: "d", license: { name: "MIT", url: "https://mit-license.org" } },
    security: [{ bearerAuth: [] }],
    paths: {
      // A required enum field is missing: filled with the first enum value.
      "/v1/enum-fill": get("enum_fill", ok(ref("Run"), { id: "run_1" })),
      // A required field is missing, and another example gives this schema a value: that value is used.
      "/v1/observed-fill": get("observed_fill", ok(ref("Model"), { id: "grok-4" })),
      "/v1/models": get(
        "list_models",
        ok({ type: "array", items: ref("Model") }, [{ id: "grok-3", aliases: ["grok-3-latest"] }]),
      ),
      // An undeclared property: dropped.
      "/v1/extra": get("extra", ok(ref("Job"), { id: "job_2", status: "done", image_cost: 7 })),
      // A value the schema forbids: not rebuilt, a problem.
      "/v1/conflict": get("conflict", ok(ref("Job"), { id: "job_3", status: "cancelled" })),
      // A required string that nothing in the spec gives a value for: the example is dropped.
      "/v1/unfillable": get("unfillable", ok(ref("Secret"), { id: "s_1" })),
      // Named examples are rebuilt too.
      "/v1/named": get("named", {
        description: "OK",
        content: { "application/json": { schema: ref("Job"), examples: { pending: { value: { id: "job_4" } } } } },
      }),
      // A rebuild the linter still rejects (the present `id` breaks a pattern the rule does not look at).
      "/v1/still-invalid": get("still_invalid", ok(ref("Ticket"), { id: "nope" })),
      // A request example is rebuilt too, and re-checked as a request.
      "/v1/runs": {
        post: {
          operationId: "create_run",
          summary: "create_run",
          requestBody: { content: { "application/json": { schema: ref("Run"), example: { id: "run_2" } } } },
          responses: { "200": { description: "OK" } },
        },
      },
      // An answer without an example: a warning (the mock builds it from the schema).
      "/v1/no-example": get("no_example", {
        description: "OK",
        content: { "application/json": { schema: ref("Job") } },
      }),
      // A placeholder the mock would answer with.
      "/v1/placeholder": get("placeholder", ok(ref("Job"), { id: "...", status: "done" })),
    },
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
      schemas: {
        Job: {
          type: "object",
          required: ["id", "status"],
          properties: { id: { type: "string" }, status: { type: "string", enum: ["done", "failed"] } },
        },
        Run: {
          type: "object",
          required: ["id", "state"],
          properties: { id: { type: "string" }, state: { type: "string", enum: ["queued", "running"] } },
        },
        Model: {
          type: "object",
          required: ["id", "aliases"],
          properties: { id: { type: "string" }, aliases: { type: "array", items: { type: "string" } } },
        },
        Ticket: {
          type: "object",
          required: ["id", "state"],
          properties: { id: { type: "string", pattern: "^tk_" }, state: { type: "string", enum: ["open"] } },
        },
        Secret: {
          type: "object",
          required: ["id", "token"],
          properties: { id: { type: "string" }, token: { type: "string" } },
        },
      },
    },
  };
}

const OVERLAY = JSON.stringify({
  overlay: "1.0.0",
  info: { title: "t", version: "1" },
  actions: [{ target: "$.info", description: "harmless", update: { title: "tiny" } }],
});

const example = (output: PipelineOutput, path: string) =>
  output.effective.paths[path].get.responses["200"].content["application/json"];
const pointerOf = (path: string) =>
  `#/paths/${path.replace(/\//g, "~1")}/get/responses/200/content/application~1json/example`;

describe("rebuild-invalid-examples (through the pipeline)", () => {
  let output: PipelineOutput;
  beforeAll(async () => {
    output = await runPipeline({
      specText: JSON.stringify(tinySpec()),
      specSource: "tiny.json",
      overlayText: OVERLAY,
      overlaySource: "overlay.yaml",
    });
  });
  const findingAt = (path: string) => output.findings.find((f) => f.pointer === pointerOf(path))?.message;

  it("fills a missing required field with its enum's first value, and says so", () => {
    expect(example(output, "/v1/enum-fill").example).toEqual({ id: "run_1", state: "queued" });
    expect(findingAt("/v1/enum-fill")).toBe('rebuilt: filled `state` = "queued" (first value of its enum)');
  });

  it("prefers the value another example gives the same schema", () => {
    expect(example(output, "/v1/observed-fill").example).toEqual({ id: "grok-4", aliases: ["grok-3-latest"] });
    expect(findingAt("/v1/observed-fill")).toContain("as in #/paths/~1v1~1models/get/responses/200/content");
  });

  it("drops a property the schema does not declare", () => {
    expect(example(output, "/v1/extra").example).toEqual({ id: "job_2", status: "done" });
    expect(findingAt("/v1/extra")).toBe("rebuilt: dropped undeclared `image_cost`");
  });

  it("rebuilds named examples, preferring a value upstream's examples give the same field", () => {
    expect(example(output, "/v1/named").examples.pending.value).toEqual({ id: "job_4", status: "done" });
    expect(findingAt("/v1/named")).toBeUndefined();
    expect(output.findings.find((f) => f.pointer.includes("~1v1~1named"))?.message).toContain(
      "(as in #/paths/~1v1~1extra/get/responses/200/content/application~1json/example/status)",
    );
  });

  it("drops an example when a required field has no value anywhere in the spec", () => {
    expect(example(output, "/v1/unfillable")).not.toHaveProperty("example");
    expect(findingAt("/v1/unfillable")).toMatch(/^dropped: required `token` has no value anywhere in the spec/);
  });

  it("leaves a value the schema forbids alone and reports it with both possible corrections", () => {
    expect(example(output, "/v1/conflict").example).toEqual({ id: "job_3", status: "cancelled" });
    const problem = output.problems.find((p) => p.pointer === pointerOf("/v1/conflict"));
    expect(problem).toMatchObject({ source: "rebuild-invalid-examples" });
    expect(problem?.message).toContain('`status` is "cancelled", not one of "done", "failed"');
    expect(problem?.fix).toBe(
      "if the API really sends this, widen the schema (Schema fix, target $.components.schemas.Job.properties.status); " +
        "otherwise correct the example (Example fix, target $.paths['/v1/conflict'].get.responses['200'].content['application/json'].example.status)",
    );
  });

  it("rebuilds a request example", () => {
    const body = output.effective.paths["/v1/runs"].post.requestBody.content["application/json"];
    expect(body.example).toEqual({ id: "run_2", state: "queued" });
  });

  it("restores a rebuilt example the linter still rejects, and reports it", () => {
    expect(example(output, "/v1/still-invalid").example).toEqual({ id: "nope" });
    expect(findingAt("/v1/still-invalid")).toBeUndefined();
    const problem = output.problems.find((p) => p.pointer === pointerOf("/v1/still-invalid"));
    expect(problem?.message).toMatch(/^example fails its schema and the rebuilt example still does: .*pattern/);
  });

  it("reports a placeholder value in a response example", () => {
    const problem = output.problems.find((p) => p.source === "example-placeholder");
    expect(problem?.pointer).toBe(`${pointerOf("/v1/placeholder")}/id`);
    expect(problem?.fix).toContain(
      "target $.paths['/v1/placeholder'].get.responses['200'].content['application/json'].example.id",
    );
  });

  it("warns about a 2xx answer without an example (also one the rule dropped), without blocking", () => {
    expect(output.warnings.filter((w) => w.ruleId === "response-example-missing").map((w) => w.pointer)).toEqual([
      "#/paths/~1v1~1unfillable/get/responses/200/content/application~1json",
      "#/paths/~1v1~1no-example/get/responses/200/content/application~1json",
    ]);
  });

  it("leaves exactly the three uncovered defects as problems, and every rebuilt example valid", async () => {
    expect(output.problems.map((p) => p.source).sort()).toEqual([
      "example-placeholder",
      "rebuild-invalid-examples",
      "rebuild-invalid-examples",
    ]);
    const { errors } = await lintSpec(output.effective);
    expect(errors.map((e) => e.pointer).sort()).toEqual([
      `${pointerOf("/v1/conflict")}/status`,
      `${pointerOf("/v1/still-invalid")}`,
      `${pointerOf("/v1/still-invalid")}/id`,
    ]);
  });
});

describe("structural rules", () => {
  it("add servers and the 2020-12 dialect only when upstream has none", () => {
    const bare: Json = { openapi: "3.1.0", paths: {} };
    expect(applyStructuralRules(bare).map((f) => f.rule)).toEqual(["servers", "json-schema-dialect"]);
    expect(bare.servers).toEqual([{ url: "https://api.x.ai", description: "xAI production API" }]);
    const declared: Json = {
      openapi: "3.1.0",
      servers: [{ url: "https://example.test" }],
      jsonSchemaDialect: "x",
      paths: {},
    };
    expect(applyStructuralRules(declared)).toEqual([]);
    expect(declared.servers).toEqual([{ url: "https://example.test" }]);
  });

  it("unwrap a one-member oneOf/allOf, keeping the wrapper's annotations, and leave a clashing one", () => {
    const spec: Json = {
      openapi: "3.1.0",
      servers: [{ url: "x" }],
      jsonSchemaDialect: "x",
      paths: {},
      components: {
        schemas: {
          A: {
            properties: {
              tier: { oneOf: [{ $ref: "#/components/schemas/T", description: "inner" }], default: "fast" },
              kind: { oneOf: [{ type: "string", enum: ["k"] }], description: "outer" },
              clash: { allOf: [{ type: "string" }], type: "integer" },
            },
          },
        },
      },
    };
    const findings = applyStructuralRules(spec);
    expect(findings.map((f) => f.pointer)).toEqual([
      "#/components/schemas/A/properties/tier",
      "#/components/schemas/A/properties/kind",
    ]);
    const props = spec.components.schemas.A.properties;
    expect(props.tier).toEqual({ $ref: "#/components/schemas/T", description: "inner", default: "fast" });
    expect(props.kind).toEqual({ type: "string", enum: ["k"], description: "outer" });
    expect(props.clash).toEqual({ allOf: [{ type: "string" }], type: "integer" });
  });

  it("give an operation without summary its description's first sentence, else its operationId in words", () => {
    const spec: Json = {
      openapi: "3.1.0",
      servers: [{ url: "x" }],
      jsonSchemaDialect: "x",
      paths: {
        "/v1/skills": {
          get: { operationId: "handle_list_skills_request", responses: {} },
          post: { operationId: "upload", description: "Upload a skill bundle. It is a zip.", responses: {} },
        },
      },
    };
    applyStructuralRules(spec);
    expect(nodeAt(spec, "#/paths/~1v1~1skills/get/summary")).toBe("List skills");
    expect(nodeAt(spec, "#/paths/~1v1~1skills/post/summary")).toBe("Upload a skill bundle.");
  });
});
