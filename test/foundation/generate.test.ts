import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCorrections, parseOverlay } from "../../scripts/lib/corrections.ts";
import { readPipelineInput, staleFiles } from "../../scripts/lib/generated-dir.ts";
import { ROOT } from "../../scripts/lib/paths.ts";
import { type PipelineOutput, runPipeline } from "../../scripts/lib/pipeline.ts";
import { tempCheckout } from "./temp-checkout.ts";

let checkout: Awaited<ReturnType<typeof tempCheckout>>;
let first: PipelineOutput;

beforeAll(async () => {
  checkout = await tempCheckout();
  first = await runPipeline(await readPipelineInput(checkout));
});
afterAll(() => checkout.dispose());

describe("generate", () => {
  it("is deterministic: two runs give byte-identical files", async () => {
    const second = await runPipeline(await readPipelineInput(checkout));
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [file, content] of first.files) expect(second.files.get(file), file).toBe(content);
  });

  it("stamps generated sources with the effective spec's sha256", () => {
    for (const file of ["generated/openapi.ts", "generated/operations.ts"]) {
      expect(first.files.get(file)).toContain(`effective spec sha256 ${first.effectiveSha256}`);
    }
  });

  it("finds no stale file in an up-to-date generated/", async () => {
    expect(await staleFiles(first, checkout)).toEqual([]);
  });

  it("names changed, missing and foreign files in generated/", async () => {
    await writeFile(join(checkout.generatedDir, "openapi.ts"), "// edited by hand\n");
    await rm(join(checkout.generatedDir, "operations.ts"));
    await writeFile(join(checkout.generatedDir, "notes.txt"), "stray\n");
    expect(await staleFiles(first, checkout)).toEqual([
      "generated/openapi.ts",
      "generated/operations.ts (missing)",
      "generated/notes.txt (not produced by the pipeline)",
    ]);
  });

  it("`generate --check` exits non-zero naming the stale files", async () => {
    const run = promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(ROOT, "scripts/generate.ts"), "--check", "--root", checkout.root],
      { cwd: ROOT, timeout: 80_000 },
    );
    const failure = await run.then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("generated/ is stale");
    expect(failure?.stderr).toContain("generated/openapi.ts");
    expect(failure?.stderr).toContain("generated/operations.ts (missing)");
  }, 90_000);
});

describe("corrections that cannot apply", () => {
  const spec = async () => JSON.parse(await readFile(checkout.vendoredSpec, "utf8"));
  const overlay = (actions: unknown[]) =>
    parseOverlay(JSON.stringify({ overlay: "1.0.0", info: { title: "t", version: "1" }, actions }), "test overlay");

  it("are reported naming the correction (bad JSONPath), and the others still apply", async () => {
    const bad = overlay([
      { target: "$.paths[?(@.x ==]", description: "Broken filter.", remove: true },
      { target: "$.info", update: { title: "ok" } },
    ]);
    const { effective, failed } = await applyCorrections(await spec(), bad);
    expect(failed.map((f) => f.message)).toEqual([
      expect.stringContaining("correction #1 ($.paths[?(@.x ==]): Broken filter."),
    ]);
    expect((effective.info as { title: string }).title).toBe("ok");
  });

  it("are reported naming the correction (update of the root with a non-object)", async () => {
    const { failed } = await applyCorrections(await spec(), overlay([{ target: "$", update: "text" }]));
    expect(failed[0]?.message).toMatch(/correction #1 \(\$\) → .*JSON objects/);
  });

  it("reject an action with neither update nor remove, by number", () => {
    expect(() => overlay([{ target: "$.info" }])).toThrow(
      /correction #1 \(\$\.info\) has neither "update" nor "remove: true"/,
    );
  });

  it("report an action whose target matches nothing as obsolete", async () => {
    const { unmatched } = await applyCorrections(
      await spec(),
      overlay([{ target: "$.components.schemas.NoSuchSchema", description: "Gone upstream.", remove: true }]),
    );
    expect(unmatched.map((u) => u.label)).toEqual(["#1 ($.components.schemas.NoSuchSchema): Gone upstream."]);
  });

  it("make generate fail, listing each with the correction to fix", async () => {
    const input = await readPipelineInput(checkout);
    const output = await runPipeline({
      ...input,
      overlayText: `${input.overlayText}\n  - target: $.components.schemas.NoSuchSchema\n    description: Gone upstream.\n    remove: true\n`,
    });
    expect(output.problems).toEqual([
      {
        source: "correction",
        pointer: "",
        message: expect.stringContaining(
          "($.components.schemas.NoSuchSchema): Gone upstream. matches nothing in the spec",
        ),
        fix: expect.stringMatching(/^remove correction #\d+ from openapi\/corrections\.overlay\.yaml/),
      },
    ]);
  });
});
