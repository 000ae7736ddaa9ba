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

describe("spec:update on a changed upstream spec", () => {
  it("reports exactly the operations added and removed and the fields changed", async () => {
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
    spec.components.schemas.ApiKey.properties.name.type = "integer";
    spec.paths["/v1/api-key"].get.responses["200"].content["application/json"].example.name = 7;
    const imageRequest = spec.components.schemas.GenerateImageRequest;
    imageRequest.properties.style = { type: "string" };
    imageRequest.required = [...(imageRequest.required ?? []), "style"];
    spec.paths["/v1/images/generations"].post.requestBody.content["application/json"].example.style = "photo";
    const file = await writeCandidate("next.json", spec);

    const result = await updateSpec(checkout, {
      file,
      source: "https://github.com/example/xai-spec",
      commit: "0123456789abcdef0123456789abcdef01234567",
      today: "2030-01-02",
    });

    expect(result.report).toEqual({
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
    expect(result.obsoleteCorrections).toEqual([]);

    const newBytes = await readFile(file);
    expect(sha256(await readFile(checkout.vendoredSpec))).toBe(sha256(newBytes));
    const manifest = JSON.parse(await readFile(checkout.manifest, "utf8"));
    expect(manifest).toMatchObject({
      bytes: newBytes.length,
      sha256: sha256(newBytes),
      vendoredAt: "2030-01-02",
      source: "https://github.com/example/xai-spec",
      commit: "0123456789abcdef0123456789abcdef01234567",
    });
    const effective = JSON.parse(await readFile(checkout.effectiveSpec, "utf8"));
    expect(Object.keys(effective.paths)).toContain("/v1/new-thing");
    expect(await readFile(join(checkout.generatedDir, "operations.ts"), "utf8")).toContain(
      '"operationId": "new_thing"',
    );
  });

  it("reports a non-breaking change and each correction upstream has made obsolete", async () => {
    const spec = await vendored();
    spec.components.schemas.Usage.required = spec.components.schemas.Usage.required.filter(
      (name: string) => name !== "cost_in_usd_ticks",
    );
    spec.components.schemas.ApiKey.properties.nickname = { type: "string" };
    const result = await updateSpec(checkout, { file: await writeCandidate("next.json", spec) });

    expect(result.obsoleteCorrections).toHaveLength(1);
    expect(result.obsoleteCorrections[0]).toContain("$.components.schemas.Usage.required[?(@ == 'cost_in_usd_ticks')]");
    expect(result.report.added).toEqual([]);
    expect(result.report.removed).toEqual([]);
    expect(result.report.changed).toEqual([
      {
        operation: "GET /v1/api-key",
        operationId: "handle_get_api_key_info_request",
        breaking: [],
        nonBreaking: ["response 200: `nickname` new optional response field"],
      },
    ]);
  });
});

describe("spec:update on bad input changes nothing", () => {
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
      "a spec on which generation fails",
      async () => {
        const spec = await vendored();
        spec.paths["/v1/api-key"].get.responses["200"].content["application/json"].schema = {
          $ref: "#/components/schemas/DoesNotExist",
        };
        return writeCandidate("broken.json", spec);
      },
      /^the effective spec has \d+ lint error\(s\), first: no-unresolved-refs/,
    ],
  ];

  it.each(cases)("%s", async (_name, candidate, error) => {
    const before = await snapshot();
    const file = await candidate();
    await expect(updateSpec(checkout, { file })).rejects.toThrow(error);
    expect(await snapshot()).toEqual(before);
  });

  it("the CLI prints one error line and exits non-zero", async () => {
    const before = await snapshot();
    const failure = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "scripts/spec-update.ts"),
        join(checkout.root, "nope.json"),
        "--root",
        checkout.root,
      ],
      { cwd: ROOT, timeout: 80_000 },
    ).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const lines = failure!.stderr.split("\n").filter((line) => line.trim() && !line.includes("nodedir"));
    expect(lines).toEqual([`spec:update: ${join(checkout.root, "nope.json")} does not exist`]);
    expect(await snapshot()).toEqual(before);
  }, 90_000);
});
