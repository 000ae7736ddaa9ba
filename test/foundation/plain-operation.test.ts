/**
 * Issue 12's promise for a plain operation: a spec that gains one — here `GET /v1/things/{id}` and an xAI-style
 * custom method `POST /v1/things/{id}:cancel` — goes through `spec:update` in a temporary checkout, and with nothing
 * under `src/` edited the client has typed methods for them (a consumer file type-checks, and misuse does not), the
 * mock answers them, and the suite's contract checks (`test/mock/contract-walk.test.ts`,
 * `test/contract/operations.test.ts`) pass on the new spec.
 */
import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../scripts/lib/hash.ts";
import { ROOT } from "../../scripts/lib/paths.ts";
import { updateSpec } from "../../scripts/lib/spec-update.ts";
import { tempCheckout } from "./temp-checkout.ts";

type Json = Record<string, any>;

const THING = { id: "thing_7f3a", state: "cancelled", reason: "no longer needed" };

/** The vendored spec with the two new operations, written as upstream writes its own. */
function withThings(spec: Json): Json {
  const security = spec.paths["/v1/api-key"].get.security;
  const id = { name: "id", in: "path", required: true, description: "The thing's id.", schema: { type: "string" } };
  const answer = (description: string) => ({
    "200": {
      description,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" }, example: THING } },
    },
  });
  spec.components.schemas.Thing = {
    type: "object",
    description: "A thing.",
    required: ["id", "state"],
    properties: {
      id: { type: "string" },
      state: { type: "string", enum: ["running", "cancelled"] },
      reason: { type: ["string", "null"] },
    },
  };
  spec.paths["/v1/things/{id}"] = {
    get: {
      operationId: "get_thing",
      summary: "Get a thing",
      security,
      parameters: [id],
      responses: answer("The thing"),
    },
  };
  spec.paths["/v1/things/{id}:cancel"] = {
    post: {
      operationId: "cancel_thing",
      summary: "Cancel a thing",
      security,
      parameters: [id],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: { type: "object", properties: { reason: { type: ["string", "null"] } } },
            example: { reason: "no longer needed" },
          },
        },
      },
      responses: answer("The cancelled thing"),
    },
  };
  return spec;
}

async function hashes(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = join(entry.parentPath, entry.name);
      files[relative(dir, file)] = sha256(await readFile(file));
    }
  }
  return files;
}

let checkout: Awaited<ReturnType<typeof tempCheckout>>;
let update: Awaited<ReturnType<typeof updateSpec>>;

beforeAll(async () => {
  checkout = await tempCheckout({ code: true });
  const spec = withThings(JSON.parse(await readFile(checkout.vendoredSpec, "utf8")));
  const file = join(checkout.root, "next.json");
  await writeFile(file, JSON.stringify(spec, null, 2));
  update = await updateSpec(checkout, { file });
}, 120_000);
afterAll(() => checkout.dispose());

describe("a spec gaining plain operations, through spec:update", () => {
  it("is taken in, naming the new methods after their paths, with src/ untouched", async () => {
    expect(update.blocked).toBe(false);
    expect(update.report.changes.added).toEqual([
      "GET /v1/things/{id} (get_thing)",
      "POST /v1/things/{id}:cancel (cancel_thing)",
    ]);
    expect(update.report.findings.filter((f) => f.rule === "operation-name-default").map((f) => f.message)).toEqual([
      "named xai.things.retrieve() after its path; name it in openapi/operation-names.yaml to choose another",
      "named xai.things.cancel() after its path; name it in openapi/operation-names.yaml to choose another",
    ]);
    expect(await hashes(join(checkout.root, "src"))).toEqual(await hashes(join(ROOT, "src")));
  });

  it("gives each a typed method: a consumer type-checks, and misuse is a compile error", async () => {
    const consumer = join(checkout.root, "consumer.ts");
    await writeFile(
      consumer,
      `import { createXai, type Schema } from "./src/index.ts";
const xai = createXai({ apiKey: "k" });
export async function use(): Promise<string[]> {
  const thing: Schema<"Thing"> = await xai.things.retrieve("thing_7f3a");
  const cancelled = await xai.things.cancel("thing_7f3a", { reason: "done" });
  const state: "running" | "cancelled" = cancelled.state;
  // @ts-expect-error the id is a string
  await xai.things.cancel(7, {});
  // @ts-expect-error reason is a string
  await xai.things.cancel("thing_7f3a", { reason: 1 });
  return [thing.id, state];
}
`,
    );
    const program = ts.createProgram([consumer], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program, program.getSourceFile(consumer))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  it("the mock answers them and the suite's contract checks pass on the new spec", async () => {
    const run = await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, "node_modules/vitest/vitest.mjs"),
        "run",
        "test/mock/contract-walk.test.ts",
        "test/contract/operations.test.ts",
        "--reporter=verbose",
      ],
      { cwd: checkout.root, timeout: 180_000, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } },
    ).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`the contract suite failed in the checkout:\n${error.stdout}\n${error.stderr}`.slice(-4000));
    });
    // The run exits 0 only when every test passed; these are the ones the new operations added.
    for (const check of [
      "> GET /v1/things/{id}",
      "> POST /v1/things/{id}:cancel",
      "> get_thing (GET /v1/things/{id})",
      "> cancel_thing (POST /v1/things/{id}:cancel)",
      "> covers 46/46 operations with a validated exchange",
    ]) {
      expect(run.stdout, check).toContain(check);
    }
  }, 180_000);
});
