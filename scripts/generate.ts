/**
 * The codegen pipeline: vendored spec + corrections → effective spec → lint → types + operation table.
 *
 *   npm run generate             write generated/ (atomically, file by file)
 *   npm run generate -- --check  exit 1 naming every stale file when generated/ is out of date
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeFileAtomic } from "./lib/fs-atomic.ts";
import { CORRECTIONS, GENERATED_DIR, ROOT, VENDORED_SPEC } from "./lib/paths.ts";
import { type PipelineOutput, runPipeline } from "./lib/pipeline.ts";

export async function generateFromDisk(specPath = VENDORED_SPEC): Promise<PipelineOutput> {
  return runPipeline({
    specText: await readFile(specPath, "utf8"),
    specSource: relative(ROOT, specPath),
    overlayText: await readFile(CORRECTIONS, "utf8"),
    overlaySource: relative(ROOT, CORRECTIONS),
  });
}

export async function writeGenerated(output: PipelineOutput): Promise<void> {
  for (const [file, content] of output.files) await writeFileAtomic(join(ROOT, file), content);
}

/** Files in generated/ that differ from what the pipeline produces, are missing, or should not exist. */
export async function staleFiles(output: PipelineOutput): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of output.files) {
    const current = await readFile(join(ROOT, file), "utf8").catch(() => null);
    if (current !== content) stale.push(current === null ? `${file} (missing)` : file);
  }
  const present = await readdir(GENERATED_DIR).catch(() => [] as string[]);
  for (const name of present) {
    const file = `generated/${name}`;
    if (!output.files.has(file)) stale.push(`${file} (not produced by the pipeline)`);
  }
  return stale;
}

export function warnUnmatched(output: PipelineOutput): void {
  for (const { label } of output.unmatched) {
    console.warn(
      `warning: correction ${label} matches nothing in the spec; remove it from openapi/corrections.overlay.yaml`,
    );
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const started = performance.now();
  const output = await generateFromDisk();
  warnUnmatched(output);
  if (check) {
    const stale = await staleFiles(output);
    if (stale.length > 0) {
      console.error(`generated/ is stale; run \`npm run generate\` and commit the result:\n  ${stale.join("\n  ")}`);
      process.exit(1);
    }
    console.log(`generated/ is up to date (effective spec sha256 ${output.effectiveSha256.slice(0, 12)}…)`);
    return;
  }
  await writeGenerated(output);
  const ms = Math.round(performance.now() - started);
  console.log(
    `generated ${[...output.files.keys()].join(", ")} in ${ms} ms (lint: 0 errors, ${output.lint.warnings.length} warnings)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`generate: ${error.message}`);
    process.exit(1);
  });
}
