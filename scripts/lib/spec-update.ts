import { readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { type ChangeReport, compareSpecs } from "./change-report.ts";
import { applyCorrections, parseOverlay } from "./corrections.ts";
import { writeFileAtomic } from "./fs-atomic.ts";
import { describeObsolete, readPipelineInput } from "./generated-dir.ts";
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

export interface SpecUpdatePlan {
  report: ChangeReport;
  /** One line per correction that no longer matches anything in the new spec. */
  obsoleteCorrections: string[];
  oldSha256: string;
  newSha256: string;
  /** Absolute path → content, in write order: generated/, then the vendored spec, then the manifest. */
  files: Map<string, string | Uint8Array>;
}

export interface SpecUpdateResult extends SpecUpdatePlan {
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
 * Everything a spec update would write, computed in memory: validates the new spec, runs the whole
 * pipeline on it and compares the effective specs. Throws a SpecError or CorrectionError (and
 * writes nothing) when any step fails.
 */
export async function planSpecUpdate(paths: RepoPaths, options: SpecUpdateOptions): Promise<SpecUpdatePlan> {
  const bytes = await readNewSpec(options.file);
  const text = bytes.toString("utf8");
  const parsed = parseSpec(text, options.file);
  const vendoredText = text.trimStart().startsWith("{") ? text : `${JSON.stringify(parsed, null, 2)}\n`;
  const vendoredBytes = Buffer.from(vendoredText, "utf8");

  const previous = await currentEffective(paths);
  const output = await runPipeline(await readPipelineInput(paths, { text: vendoredText, source: options.file }));
  const effective = JSON.parse(output.files.get("generated/xai-openapi.effective.json")!);

  const manifest = JSON.parse(await readFile(paths.manifest, "utf8"));
  const nextManifest = {
    ...manifest,
    ...(options.source ? { source: options.source } : {}),
    ...(options.commit ? { commit: options.commit } : {}),
    bytes: vendoredBytes.length,
    sha256: sha256(vendoredBytes),
    vendoredAt: options.today ?? new Date().toISOString().slice(0, 10),
  };
  const files = new Map<string, string | Uint8Array>();
  for (const [file, content] of output.files) files.set(join(paths.root, file), content);
  files.set(paths.vendoredSpec, vendoredBytes);
  files.set(paths.manifest, `${JSON.stringify(nextManifest, null, 2)}\n`);

  return {
    report: compareSpecs(previous.spec, effective),
    obsoleteCorrections: describeObsolete(output.unmatched, relative(paths.root, paths.corrections)),
    oldSha256: previous.sha256,
    newSha256: nextManifest.sha256,
    files,
  };
}

/** Writes a plan's files in order, each atomically (temp file + rename); returns them relative to the root. */
export async function applySpecUpdate(plan: SpecUpdatePlan, paths: RepoPaths): Promise<string[]> {
  for (const [file, content] of plan.files) await writeFileAtomic(file, content);
  return [...plan.files.keys()].map((file) => relative(paths.root, file));
}

/** Plans and applies a spec update: nothing is written unless every step succeeded. */
export async function updateSpec(paths: RepoPaths, options: SpecUpdateOptions): Promise<SpecUpdateResult> {
  const plan = await planSpecUpdate(paths, options);
  return { ...plan, written: await applySpecUpdate(plan, paths) };
}
