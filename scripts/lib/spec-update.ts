import { readFile, stat } from "node:fs/promises";
import { relative } from "node:path";
import { type ChangeReport, compareSpecs } from "./change-report.ts";
import { applyCorrections, parseOverlay } from "./corrections.ts";
import { writeFileAtomic } from "./fs-atomic.ts";
import { describeObsolete, readPipelineInput, writeGenerated } from "./generated-dir.ts";
import { sha256 } from "./hash.ts";
import type { RepoPaths } from "./paths.ts";
import { parseSpec, runPipeline, SpecError } from "./pipeline.ts";

export interface SpecUpdateOptions {
  /** The new upstream spec (JSON or YAML). */
  file: string;
  /** Provenance to record in the manifest; kept from the previous version when absent. */
  source?: string;
  commit?: string;
  /** Date recorded as `vendoredAt` (YYYY-MM-DD); today by default. */
  today?: string;
}

export interface SpecUpdateResult {
  report: ChangeReport;
  /** One line per correction that no longer matches anything in the new spec. */
  obsoleteCorrections: string[];
  oldSha256: string;
  newSha256: string;
  /** Files written, relative to the root. */
  written: string[];
}

async function readNewSpec(file: string): Promise<Buffer> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new SpecError(`${file} does not exist`);
  if (!info.isFile()) throw new SpecError(`${file} is not a file`);
  return readFile(file);
}

/** The effective spec of what is vendored now, recomputed so a stale generated/ cannot skew the report. */
async function currentEffective(paths: RepoPaths): Promise<{ spec: Record<string, any>; sha256: string }> {
  const bytes = await readFile(paths.vendoredSpec);
  const input = await readPipelineInput(paths);
  const overlay = parseOverlay(input.overlayText, input.overlaySource);
  const { effective } = await applyCorrections(parseSpec(bytes.toString("utf8"), input.specSource), overlay);
  return { spec: effective, sha256: sha256(bytes) };
}

/**
 * Swaps a new upstream spec into `paths.root`: validates it and runs the whole pipeline in memory
 * first, and writes (generated/, then the vendored spec, then the manifest, each atomically) only
 * when everything succeeded. Any failure throws a SpecError or CorrectionError and leaves every
 * file untouched.
 */
export async function updateSpec(paths: RepoPaths, options: SpecUpdateOptions): Promise<SpecUpdateResult> {
  const bytes = await readNewSpec(options.file);
  const text = bytes.toString("utf8");
  const parsed = parseSpec(text, options.file);
  const vendoredText = text.trimStart().startsWith("{") ? text : `${JSON.stringify(parsed, null, 2)}\n`;
  const vendoredBytes = Buffer.from(vendoredText, "utf8");

  const previous = await currentEffective(paths);
  const output = await runPipeline(await readPipelineInput(paths, { text: vendoredText, source: options.file }));
  const effective = JSON.parse(output.files.get("generated/xai-openapi.effective.json")!);
  const report = compareSpecs(previous.spec, effective);

  const manifest = JSON.parse(await readFile(paths.manifest, "utf8"));
  const nextManifest = {
    ...manifest,
    ...(options.source ? { source: options.source } : {}),
    ...(options.commit ? { commit: options.commit } : {}),
    bytes: vendoredBytes.length,
    sha256: sha256(vendoredBytes),
    vendoredAt: options.today ?? new Date().toISOString().slice(0, 10),
  };

  await writeGenerated(output, paths);
  await writeFileAtomic(paths.vendoredSpec, vendoredBytes);
  await writeFileAtomic(paths.manifest, `${JSON.stringify(nextManifest, null, 2)}\n`);

  return {
    report,
    obsoleteCorrections: describeObsolete(output.unmatched, relative(paths.root, paths.corrections)),
    oldSha256: previous.sha256,
    newSha256: nextManifest.sha256,
    written: [...output.files.keys(), relative(paths.root, paths.vendoredSpec), relative(paths.root, paths.manifest)],
  };
}
