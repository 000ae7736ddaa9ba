import { readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { compareSpecs } from "./change-report.ts";
import { writeFileAtomic } from "./fs-atomic.ts";
import { readPipelineInput } from "./generated-dir.ts";
import { sha256 } from "./hash.ts";
import type { RepoPaths } from "./paths.ts";
import { parseSpec, runPipeline, SpecError } from "./pipeline.ts";
import { isBlocked, type UpdateReport } from "./update-report.ts";

/** Where the new spec came from, recorded in the manifest. */
export interface Provenance {
  /** Repository, as `https://github.com/owner/name` (or `owner/name`, which is read as GitHub). */
  source?: string;
  /** Path of the spec inside the repository. */
  path?: string;
  /** 40-hex commit the file was taken from. */
  commit?: string;
}

export interface SpecUpdateOptions extends Provenance {
  /** The new upstream spec (JSON or YAML). */
  file: string;
  /** Date recorded as `vendoredAt` (YYYY-MM-DD); today by default. */
  today?: string;
}

export interface SpecUpdatePlan {
  report: UpdateReport;
  /** True when a problem no standing rule covers remains: nothing may be written. */
  blocked: boolean;
  /** Absolute path → content, in write order: generated/, then the vendored spec, then the manifest. */
  files: Map<string, string | Uint8Array>;
  /** Provenance fields of the previous manifest that no longer apply and were not given anew. */
  droppedProvenance: string[];
}

const PROVENANCE_FIELDS = ["source", "sourcePath", "commit", "rawUrl"] as const;

async function readNewSpec(file: string): Promise<Buffer> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new SpecError(`${file} does not exist`);
  if (!info.isFile()) throw new SpecError(`${file} is not a file`);
  return readFile(file);
}

/** `owner/name` or a GitHub URL → `https://github.com/owner/name`; other URLs as given. */
function normalizeSource(source: string): string {
  const shorthand = /^([\w.-]+)\/([\w.-]+)$/.exec(source);
  if (shorthand) return `https://github.com/${shorthand[1]}/${shorthand[2]}`;
  if (!/^https:\/\/\S+$/.test(source)) {
    throw new SpecError(`--source must be a repository URL (https://…) or owner/name, got "${source}"`);
  }
  return source.replace(/\.git$|\/$/g, "");
}

/** The manifest's provenance for the new file: what was given, with the raw URL derived for GitHub. */
function provenanceFields(given: Provenance): Record<string, string> {
  const fields: Record<string, string> = {};
  if (given.source) fields.source = normalizeSource(given.source);
  if (given.path) fields.sourcePath = given.path.replace(/^\/+/, "");
  if (given.commit) fields.commit = given.commit;
  const github = fields.source && /^https:\/\/github\.com\/([^/]+\/[^/]+)$/.exec(fields.source);
  if (github && fields.sourcePath && fields.commit) {
    fields.rawUrl = `https://raw.githubusercontent.com/${github[1]}/${fields.commit}/${fields.sourcePath}`;
  }
  return fields;
}

/**
 * Everything a spec update would write, computed in memory, and the report of it: changes, problems, rules
 * applied. Throws a SpecError (and writes nothing) only for input it cannot process at all.
 */
export async function planSpecUpdate(paths: RepoPaths, options: SpecUpdateOptions): Promise<SpecUpdatePlan> {
  const bytes = await readNewSpec(options.file);
  const text = bytes.toString("utf8");
  const parsed = parseSpec(text, options.file);
  const vendoredText = text.trimStart().startsWith("{") ? text : `${JSON.stringify(parsed, null, 2)}\n`;
  const vendoredBytes = Buffer.from(vendoredText, "utf8");
  const currentBytes = await readFile(paths.vendoredSpec);

  // The report compares what clients get today (the committed effective spec, which generate:check keeps
  // current) with what they would get: upstream's changes and any correction edited for them alike.
  const previous = await readFile(paths.effectiveSpec, "utf8").then(JSON.parse, () => {
    throw new SpecError(`${relative(paths.root, paths.effectiveSpec)} is missing; run \`npm run generate\` first`);
  });
  const output = await runPipeline(await readPipelineInput(paths, { text: vendoredText, source: options.file }));

  const manifest = JSON.parse(await readFile(paths.manifest, "utf8"));
  const given = provenanceFields(options);
  const droppedProvenance = PROVENANCE_FIELDS.filter((field) => field in manifest && !(field in given));
  const nextManifest: Record<string, unknown> = Object.fromEntries(
    Object.entries(manifest).filter(([key]) => !(PROVENANCE_FIELDS as readonly string[]).includes(key)),
  );
  Object.assign(nextManifest, given, {
    bytes: vendoredBytes.length,
    sha256: sha256(vendoredBytes),
    vendoredAt: options.today ?? new Date().toISOString().slice(0, 10),
  });
  const ordered = Object.fromEntries(
    ["file", ...PROVENANCE_FIELDS, "bytes", "sha256", "vendoredAt"]
      .filter((key) => key in nextManifest)
      .map((key) => [key, nextManifest[key]]),
  );

  const report: UpdateReport = {
    oldSha256: sha256(currentBytes),
    newSha256: sha256(vendoredBytes),
    changes: compareSpecs(previous, output.effective),
    problems: output.problems,
    findings: output.findings,
    warnings: output.warnings,
    spec: output.effective,
    correctionsFile: relative(paths.root, paths.corrections),
  };
  const files = new Map<string, string | Uint8Array>();
  for (const [file, content] of output.files) files.set(join(paths.root, file), content);
  files.set(paths.vendoredSpec, vendoredBytes);
  files.set(paths.manifest, `${JSON.stringify({ ...ordered, ...nextManifest }, null, 2)}\n`);
  return { report, blocked: isBlocked(report), files, droppedProvenance };
}

/** Writes a plan's files in order, each atomically (temp file + rename); returns them relative to the root. */
export async function applySpecUpdate(plan: SpecUpdatePlan, paths: RepoPaths): Promise<string[]> {
  if (plan.blocked) throw new Error("refusing to write a blocked spec update");
  for (const [file, content] of plan.files) await writeFileAtomic(file, content);
  return [...plan.files.keys()].map((file) => relative(paths.root, file));
}

/** Plans a spec update and applies it unless it is blocked; returns the plan and the files written. */
export async function updateSpec(
  paths: RepoPaths,
  options: SpecUpdateOptions,
): Promise<SpecUpdatePlan & { written: string[] }> {
  const plan = await planSpecUpdate(paths, options);
  return { ...plan, written: plan.blocked ? [] : await applySpecUpdate(plan, paths) };
}
