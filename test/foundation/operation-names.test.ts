/**
 * The naming map (openapi/operation-names.yaml) and the default names: every operation gets exactly one method, and
 * a map that cannot be used is one clear problem naming the entry — generate exits 1 and writes nothing.
 */
import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.ts";
import { defaultName, nameOperations, parseOperationNames } from "../../scripts/lib/operation-names.ts";
import type { OperationEntry } from "../../scripts/lib/operation-table.ts";
import { ROOT } from "../../scripts/lib/paths.ts";
import { tempCheckout } from "./temp-checkout.ts";

const SOURCE = "openapi/operation-names.yaml";

const operation = (method: OperationEntry["method"], path: string, operationId = `${method}_${path}`) =>
  ({
    operationId,
    method,
    path,
    summary: "",
    pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
    queryParams: [],
    requestMediaTypes: [],
    requestBodyRequired: false,
    responses: {},
    streams: false,
  }) satisfies OperationEntry;

describe("default names from the path", () => {
  it.each([
    ["get", "/v1/things", "things.list"],
    ["post", "/v1/things", "things.create"],
    ["get", "/v1/things/{id}", "things.retrieve"],
    ["delete", "/v1/things/{id}", "things.delete"],
    ["patch", "/v1/things/{id}", "things.update"],
    ["post", "/v1/things/{id}:cancel", "things.cancel"],
    ["post", "/v1/things:batch-create", "things.batchCreate"],
    ["get", "/v1/responses/{response_id}/input_items", "responses.inputItems.list"],
    ["post", "/v1/files/{file_id}/public-url", "files.publicUrl.create"],
    ["get", "/v1/image-generation-models/{model_id}", "imageGenerationModels.retrieve"],
  ] as const)("%s %s → %s", (method, path, name) => {
    expect(defaultName(method, path)?.join(".")).toBe(name);
  });

  it("a path with no fixed segment has no default", () => {
    expect(defaultName("get", "/v1/{id}")).toBeUndefined();
  });
});

describe("the naming map", () => {
  const things = [
    operation("get", "/v1/things", "list_things"),
    operation("post", "/v1/things/{id}:cancel", "cancel_thing"),
  ];

  it("names what it lists and defaults the rest, reporting each default", () => {
    const named = nameOperations(things, new Map([["list_things", "things.all"]]), SOURCE);
    expect(named.problems).toEqual([]);
    expect(named.methods.map((m) => m.name.join("."))).toEqual(["things.all", "things.cancel"]);
    expect(named.findings).toEqual([
      {
        rule: "operation-name-default",
        pointer: "#/paths/~1v1~1things~1{id}:cancel/post/operationId",
        message: `named xai.things.cancel() after its path; name it in ${SOURCE} to choose another`,
      },
    ]);
  });

  it.each([
    [
      "an entry for an operation the spec no longer has",
      new Map([["gone_thing", "things.gone"]]),
      `${SOURCE} names gone_thing, which the spec no longer has`,
    ],
    [
      "two operations on one method",
      new Map([["cancel_thing", "things.list"]]),
      "POST /v1/things/{id}:cancel (cancel_thing) and GET /v1/things (list_things) are both named xai.things.list()",
    ],
    [
      "a method named like a resource",
      new Map([["list_things", "things"]]),
      `${SOURCE}: things cannot be a client method: a method needs a resource path and a name (\`things.list\`)`,
    ],
    [
      "a method where another operation's resource is",
      new Map([["list_things", "things.cancel.all"]]),
      "xai.things.cancel() of POST /v1/things/{id}:cancel (cancel_thing) clashes with the resource xai.things.cancel of GET /v1/things (list_things)",
    ],
    [
      "a reserved name",
      new Map([["list_things", "raw.list"]]),
      `${SOURCE}: raw.list cannot be a client method: "raw" is reserved`,
    ],
    [
      "a name that is no identifier",
      new Map([["list_things", "things.list-all"]]),
      `${SOURCE}: things.list-all cannot be a client method: "list-all" is not a camelCase identifier`,
    ],
  ])("refuses %s, naming it", (_case, map, message) => {
    const { problems } = nameOperations(things, map, SOURCE);
    expect(problems.map((p) => p.message)).toEqual([message]);
    expect(problems[0]!.fix).toContain(SOURCE);
  });

  it("a file that is not a map of names is one problem naming the file", () => {
    expect(parseOperationNames("- a\n- b\n", SOURCE).problems.map((p) => p.message)).toEqual([
      `${SOURCE} is not a map of operationIds to names`,
    ]);
    expect(parseOperationNames("x: [1]\n", SOURCE).problems.map((p) => p.message)).toEqual([
      `${SOURCE}: x must be named by a string (\`things.list\`), got [1]`,
    ]);
    expect(parseOperationNames("x: y: z\n", SOURCE).problems[0]!.message).toMatch(/is not YAML/);
  });

  it("the repository's map names every operation of the spec, and nothing else", async () => {
    const { names, problems } = parseOperationNames(await readFile(join(ROOT, SOURCE), "utf8"), SOURCE);
    expect(problems).toEqual([]);
    expect([...names.keys()].sort()).toEqual(operations.map((op) => op.operationId).sort());
  });
});

describe("generate with a naming map it cannot use", () => {
  let checkout: Awaited<ReturnType<typeof tempCheckout>>;
  beforeAll(async () => {
    checkout = await tempCheckout();
  });
  afterAll(() => checkout.dispose());

  it("exits 1 naming the stale entry and writes nothing", async () => {
    await writeFile(
      checkout.operationNames,
      `${await readFile(checkout.operationNames, "utf8")}handle_retired_request: retired.retrieve\n`,
    );
    const listing = async () =>
      Promise.all(
        (await readdir(checkout.generatedDir)).map(async (name) => [
          name,
          await readFile(join(checkout.generatedDir, name), "utf8"),
        ]),
      );
    const before = await listing();
    const failure = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(ROOT, "scripts/generate.ts"), "--root", checkout.root],
      { cwd: ROOT, timeout: 80_000 },
    ).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(
      `✗ operation-names: ${SOURCE} names handle_retired_request, which the spec no longer has`,
    );
    expect(failure?.stderr).toContain(`fix: remove the entry for handle_retired_request from ${SOURCE}`);
    expect(await listing()).toEqual(before);
  }, 90_000);
});
