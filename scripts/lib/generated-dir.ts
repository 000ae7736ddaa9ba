import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeFileAtomic } from "./fs-atomic.ts";
import type { RepoPaths } from "./paths.ts";
import { type PipelineInput, type PipelineOutput, runPipeline } from "./pipeline.ts";

/** The pipeline's inputs as they are on disk in a checkout; `spec` stands in for the vendored spec. */
export async function readPipelineInput(
  paths: RepoPaths,
  spec?: { text: string; source: string },
): Promise<PipelineInput> {
  return {
    specText: spec?.text ?? (await readFile(paths.vendoredSpec, "utf8")),
    specSource: spec?.source ?? relative(paths.root, paths.vendoredSpec),
    overlayText: await readFile(paths.corrections, "utf8"),
    overlaySource: relative(paths.root, paths.corrections),
    namesText: await readFile(paths.operationNames, "utf8"),
    namesSource: relative(paths.root, paths.operationNames),
    redoclyConfig: paths.redoclyConfig,
  };
}

export async function generate(paths: RepoPaths): Promise<PipelineOutput> {
  return runPipeline(await readPipelineInput(paths));
}

/** Writes every output file atomically (temp file + rename), so a reader never sees a partial file. */
export async function writeGenerated(output: PipelineOutput, paths: RepoPaths): Promise<void> {
  for (const [file, content] of output.files) await writeFileAtomic(join(paths.root, file), content);
}

/** Files in generated/ that differ from what the pipeline produces, are missing, or should not exist. */
export async function staleFiles(output: PipelineOutput, paths: RepoPaths): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of output.files) {
    const current = await readFile(join(paths.root, file), "utf8").catch(() => null);
    if (current !== content) stale.push(current === null ? `${file} (missing)` : file);
  }
  const present = await readdir(paths.generatedDir).catch(() => [] as string[]);
  for (const name of present.sort()) {
    const file = `generated/${name}`;
    if (!output.files.has(file)) stale.push(`${file} (not produced by the pipeline)`);
  }
  return stale;
}
