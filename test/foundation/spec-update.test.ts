import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256 } from "../../scripts/lib/hash.ts";
import { ROOT } from "../../scripts/lib/paths.ts";
import { updateSpec } from "../../scripts/lib/spec-update.ts";
import { tempCheckout } from "./temp-checkout.ts";

type Json = Record<string, any>;
let checkout: Awaited<ReturnType<typeof tempCheckout>>;

beforeEach(async () => {
  checkout = await tempCheckout();
});
afterEach(() => checkout.dispose());

const vendored = async (): Promise<Json> => JSON.parse(await readFile(checkout.vendoredSpec, "utf8"));

async function writeCandidate(name: string, content: string | Json): Promise<string> {
  const file = join(checkout.root, name);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

/** sha256 of every file the update may write, to prove a failed update wrote nothing. */
async function snapshot(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const dir of ["openapi", "generated"]) {
    for (const name of await readdir(join(checkout.root, dir))) {
      files[`${dir}/${name}`] = sha256(await readFile(join(checkout.root, dir, name)));
    }
  }
  return files;
}

const apiKeyExample = (spec: Json) => spec.paths["/v1/api-key"].get.responses["200"].content["application/json"];

describe("spec:update on a changed upstream spec", () => {
  it("reports exactly the operations added and removed and the fields changed, and records the provenance", async () => {
    const spec = await vendored();
    spec.paths["/v1/new-thing"] = {
      get: {
        operationId: "new_thing",
        summary: "A new endpoint",
        security: spec.paths["/v1/api-key"].get.security,
        responses: { "200": { description: "OK" } },
      },
    };
    delete spec.paths["/v1/tokenize-text"];
    // As a maintainer would: the removed operation's method goes from the naming map (else the update is blocked).
    const names = await readFile(checkout.operationNames, "utf8");
    await writeFile(checkout.operationNames, names.replace(/^handle_tokenize_text_request: .*\n/m, ""));
    spec.components.schemas.ApiKey.properties.name.type = "integer";
    apiKeyExample(spec).example.name = 7;
    const imageRequest = spec.components.schemas.GenerateImageRequest;
    imageRequest.properties.style = { type: "string" };
    imageRequest.required = [...(imageRequest.required ?? []), "style"];
    spec.paths["/v1/images/generations"].post.requestBody.content["application/json"].example.style = "photo";
    const file = await writeCandidate("next.json", spec);

    const result = await updateSpec(checkout, {
      file,
      source: "example/xai-spec",
      path: "spec/openapi.json",
      commit: "0123456789abcdef0123456789abcdef01234567",
      today: "2030-01-02",
    });

    expect(result.blocked).toBe(false);
    expect(result.report.problems).toEqual([]);
    expect(result.report.changes).toEqual({
      added: ["GET /v1/new-thing (new_thing)"],
      removed: ["POST /v1/tokenize-text (handle_tokenize_text_request)"],
      changed: [
        {
          operation: "GET /v1/api-key",
          operationId: "handle_get_api_key_info_request",
          breaking: ["response 200: `name` type string → integer"],
          nonBreaking: [],
        },
        {
          operation: "POST /v1/images/generations",
          operationId: "handle_generate_image_request",
          breaking: ["request body: `style` new required request field"],
          nonBreaking: [],
        },
      ],
    });

    const newBytes = await readFile(file);
    expect(sha256(await readFile(checkout.vendoredSpec))).toBe(sha256(newBytes));
    const manifest = JSON.parse(await readFile(checkout.manifest, "utf8"));
    expect(manifest).toEqual({
      file: "xai-openapi.json",
      source: "https://github.com/example/xai-spec",
      sourcePath: "spec/openapi.json",
      commit: "0123456789abcdef0123456789abcdef01234567",
      rawUrl:
        "https://raw.githubusercontent.com/example/xai-spec/0123456789abcdef0123456789abcdef01234567/spec/openapi.json",
      bytes: newBytes.length,
      sha256: sha256(newBytes),
      vendoredAt: "2030-01-02",
    });
    const effective = JSON.parse(await readFile(checkout.effectiveSpec, "utf8"));
    expect(Object.keys(effective.paths)).toContain("/v1/new-thing");
    expect(await readFile(join(checkout.generatedDir, "operations.ts"), "utf8")).toContain(
      '"operationId": "new_thing"',
    );
    // The map does not name the new operation: it gets its path's default, and the report says so.
    expect(result.report.findings).toContainEqual({
      rule: "operation-name-default",
      pointer: "#/paths/~1v1~1new-thing/get/operationId",
      message: "named xai.newThing.list() after its path; name it in openapi/operation-names.yaml to choose another",
    });
    const resources = await readFile(join(checkout.generatedDir, "resources.ts"), "utf8");
    expect(resources).toContain('newThing: {\n    list: "get /v1/new-thing",');
    expect(resources).not.toContain("tokenize");
  });

  it("is blocked, writing nothing, by a naming-map entry for an operation the spec no longer has", async () => {
    const before = await snapshot();
    const spec = await vendored();
    delete spec.paths["/v1/tokenize-text"];
    const result = await updateSpec(checkout, { file: await writeCandidate("next.json", spec) });

    expect(result.blocked).toBe(true);
    expect(result.written).toEqual([]);
    expect(result.report.problems).toEqual([
      {
        source: "operation-names",
        pointer: "",
        message: "openapi/operation-names.yaml names handle_tokenize_text_request, which the spec no longer has",
        fix: "remove the entry for handle_tokenize_text_request from openapi/operation-names.yaml (or fix its operationId)",
      },
    ]);
    expect(result.report.changes.removed).toEqual(["POST /v1/tokenize-text (handle_tokenize_text_request)"]);
    expect(await snapshot()).toEqual(before);
  });

  it("rebuilds an example upstream left behind a schema change, and keeps the vendored file byte-identical", async () => {
    const spec = await vendored();
    const apiKey = spec.components.schemas.ApiKey;
    apiKey.properties.tier = { type: "string", enum: ["standard", "enterprise"] };
    apiKey.required = [...apiKey.required, "tier"];
    apiKeyExample(spec).example.undeclared_field = true;
    const file = await writeCandidate("next.json", spec);

    const result = await updateSpec(checkout, { file });

    expect(result.blocked).toBe(false);
    const pointer = "#/paths/~1v1~1api-key/get/responses/200/content/application~1json/example";
    expect(result.report.findings.filter((f) => f.pointer === pointer)).toEqual([
      {
        rule: "rebuild-invalid-examples",
        pointer,
        message: 'rebuilt: filled `tier` = "standard" (first value of its enum); dropped undeclared `undeclared_field`',
      },
    ]);
    expect(sha256(await readFile(checkout.vendoredSpec))).toBe(sha256(await readFile(file)));
    const example = apiKeyExample(JSON.parse(await readFile(checkout.effectiveSpec, "utf8"))).example;
    expect(example.tier).toBe("standard");
    expect(example).not.toHaveProperty("undeclared_field");
  });

  it("is blocked, writing nothing, by a correction upstream has made obsolete, and says to remove it", async () => {
    const before = await snapshot();
    const spec = await vendored();
    spec.components.schemas.Usage.required = spec.components.schemas.Usage.required.filter(
      (name: string) => name !== "cost_in_usd_ticks",
    );
    spec.components.schemas.ApiKey.properties.nickname = { type: "string" };
    const result = await updateSpec(checkout, { file: await writeCandidate("next.json", spec) });

    expect(result.blocked).toBe(true);
    expect(result.written).toEqual([]);
    expect(result.report.problems).toEqual([
      {
        source: "correction",
        pointer: "",
        message: expect.stringContaining("($.components.schemas.Usage.required[?(@ == 'cost_in_usd_ticks')])"),
        fix: expect.stringMatching(/^remove correction #\d+ from openapi\/corrections\.overlay\.yaml/),
      },
    ]);
    // The change report is complete even when blocked.
    expect(result.report.changes.changed).toEqual([
      {
        operation: "GET /v1/api-key",
        operationId: "handle_get_api_key_info_request",
        breaking: [],
        nonBreaking: ["response 200: `nickname` new optional response field"],
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("is blocked when upstream catches up with a correction that adds to `required`, naming the list", async () => {
    const spec = await vendored();
    spec.components.schemas.ChatRequest.required = ["model", "messages"];
    const result = await updateSpec(checkout, { file: await writeCandidate("next.json", spec) });

    expect(result.blocked).toBe(true);
    expect(result.report.problems.map((p) => [p.pointer, p.message])).toEqual([
      ["#/components/schemas/ChatRequest/required", expect.stringContaining('lists "model" twice')],
      ["#/components/schemas/ChatRequest/required", expect.stringContaining('lists "messages" twice')],
    ]);
    expect(result.report.changes.changed).toEqual([]);
  });

  it("is blocked by an example value its schema forbids, naming both corrections that could fix it", async () => {
    const before = await snapshot();
    const spec = await vendored();
    apiKeyExample(spec).example.name = 7;
    const result = await updateSpec(checkout, { file: await writeCandidate("next.json", spec) });

    expect(result.blocked).toBe(true);
    expect(result.report.problems).toEqual([
      {
        source: "rebuild-invalid-examples",
        pointer: "#/paths/~1v1~1api-key/get/responses/200/content/application~1json/example",
        message: expect.stringContaining("`name` is integer, the schema allows string"),
        fix:
          "if the API really sends this, widen the schema (Schema fix, target $.components.schemas.ApiKey.properties.name); " +
          "otherwise correct the example (Example fix, target $.paths['/v1/api-key'].get.responses['200'].content['application/json'].example.name)",
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("spec:update on bad input changes nothing", () => {
  const withSpec = (mutate: (spec: Json) => void) => async () => {
    const spec = await vendored();
    mutate(spec);
    return writeCandidate("broken.json", spec);
  };
  const cases: [name: string, candidate: () => Promise<string>, error: RegExp][] = [
    ["a missing path", async () => join(checkout.root, "nope.json"), /nope\.json does not exist/],
    [
      "a file that is neither JSON nor YAML",
      () => writeCandidate("garbage.txt", "{ this: is: not [valid"),
      /garbage\.txt is neither JSON nor YAML/,
    ],
    [
      "a Swagger 2.0 document",
      () => writeCandidate("swagger.json", { swagger: "2.0", info: { title: "x", version: "1" }, paths: {} }),
      /swagger\.json is a Swagger 2\.0 document; only OpenAPI 3\.x is supported/,
    ],
    [
      "an OpenAPI document without paths",
      () => writeCandidate("empty.yaml", "openapi: 3.1.0\ninfo: { title: x, version: '1' }\npaths: {}\n"),
      /empty\.yaml declares no paths/,
    ],
    [
      "a duplicate operationId",
      withSpec((spec) => {
        spec.paths["/v1/models"].get.operationId = "handle_model_get_request";
      }),
      /operationId "handle_model_get_request" is used by 2 operations: GET \/v1\/models, GET \/v1\/models\/\{model_id\}/,
    ],
    [
      "an operation without operationId",
      withSpec((spec) => {
        delete spec.paths["/v1/api-key"].get.operationId;
      }),
      /GET \/v1\/api-key has no operationId \(at #\/paths\/~1v1~1api-key\/get\)/,
    ],
    [
      "an unresolvable $ref",
      withSpec((spec) => {
        apiKeyExample(spec).schema = { $ref: "#/components/schemas/DoesNotExist" };
      }),
      /\$ref "#\/components\/schemas\/DoesNotExist" at #\/paths\/~1v1~1api-key\/get\/responses\/200\/content\/application~1json\/schema resolves to nothing/,
    ],
    [
      "a path parameter with no declaration",
      withSpec((spec) => {
        spec.paths["/v1/api-key/{key_id}"] = spec.paths["/v1/api-key"];
        delete spec.paths["/v1/api-key"];
      }),
      /path parameter \{key_id\} of GET \/v1\/api-key\/\{key_id\} is not declared/,
    ],
  ];

  it.each(cases)("%s", async (_name, candidate, error) => {
    const before = await snapshot();
    const file = await candidate();
    const failure = await updateSpec(checkout, { file }).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe("SpecError");
    expect((failure as Error).message).toMatch(error);
    expect(await snapshot()).toEqual(before);
  });
});

describe("the spec:update CLI", () => {
  const cli = (...args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(ROOT, "scripts/spec-update.ts"), ...args, "--root", checkout.root],
      { cwd: ROOT, timeout: 80_000 },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  const lines = (text: string) => text.split("\n").filter((line) => line.trim() && !line.includes("nodedir"));

  it("exits 2 with one error line naming the defect on unusable input, changing nothing", async () => {
    const before = await snapshot();
    const spec = await vendored();
    spec.paths["/v1/models"].get.operationId = "handle_model_get_request";
    const result = await cli(await writeCandidate("dup.json", spec));
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      `spec:update: ${join(checkout.root, "dup.json")} (with the corrections applied) cannot be used:`,
      '  operationId "handle_model_get_request" is used by 2 operations: GET /v1/models, GET /v1/models/{model_id}',
      "fix upstream's spec, or correct it in openapi/corrections.overlay.yaml",
    ]);
    expect(await snapshot()).toEqual(before);
  }, 90_000);

  it("exits 1 when blocked, printing the whole report and writing it as a PR description, changing nothing", async () => {
    const before = await snapshot();
    const spec = await vendored();
    apiKeyExample(spec).example.name = 7;
    spec.components.schemas.ApiKey.properties.nickname = { type: "string" };
    const markdown = join(checkout.root, "pr.md");
    const result = await cli(await writeCandidate("next.json", spec), "--markdown", markdown);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Spec update [0-9a-f]{12} → [0-9a-f]{12}: BLOCKED: 1 problem\(s\)/);
    expect(result.stdout).toContain("ok       response 200: `nickname` new optional response field");
    expect(result.stdout).toContain("fix: if the API really sends this, widen the schema");
    const description = await readFile(markdown, "utf8");
    expect(description).toContain("**Status:** BLOCKED: 1 problem(s) no standing rule covers; no file was changed.");
    expect(description).toContain("#### `GET /v1/api-key (handle_get_api_key_info_request)`");
    expect(await snapshot()).toEqual(before);
  }, 90_000);

  it("exits 2 on a malformed --commit, before reading anything", async () => {
    const result = await cli(join(checkout.root, "next.json"), "--commit", "abc");
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual(['spec:update: --commit must be a 40-character hex git commit, got "abc"']);
  }, 90_000);
});
