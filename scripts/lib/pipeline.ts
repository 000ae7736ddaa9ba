import { parse as parseYaml } from "yaml";
import { generateTypes } from "./codegen.ts";
import { applyCorrections, parseOverlay } from "./corrections.ts";
import {
  confirmRebuilds,
  mediaTypeExamples,
  missingResponseExamples,
  placeholderProblems,
  rebuildInvalidExamples,
} from "./example-rebuild.ts";
import { sha256 } from "./hash.ts";
import { integrityDefects } from "./integrity.ts";
import { nodeAt, toPointer, walkObjects } from "./json-pointer.ts";
import { type LintProblem, startLinter } from "./lint.ts";
import { nameOperations, parseOperationNames } from "./operation-names.ts";
import { buildOperationTable, renderOperationTable } from "./operation-table.ts";
import { lintProblem, type Problem } from "./problems.ts";
import { renderResourceTree } from "./resource-tree.ts";
import { applyStructuralRules, type Finding, REBUILD_EXAMPLES } from "./rules.ts";

type Json = Record<string, any>;

/** Input that cannot be processed at all (not OpenAPI 3, duplicate operationIds, …): nothing is written. */
export class SpecError extends Error {
  override name = "SpecError";
}

export interface PipelineInput {
  /** Text of the upstream spec (JSON or YAML). */
  specText: string;
  specSource: string;
  overlayText: string;
  overlaySource: string;
  /** openapi/operation-names.yaml: the client's method names. Without it every operation is named after its path. */
  namesText?: string;
  namesSource?: string;
  /** redocly.yaml to lint with; the repository's own by default. */
  redoclyConfig?: string;
}

export interface PipelineOutput {
  /** Path relative to the repository root → file content; write them only when `problems` is empty. */
  files: Map<string, string>;
  /** The effective spec: vendored + corrections + standing rules. */
  effective: Json;
  /** What the standing rules changed. */
  findings: Finding[];
  /** Every defect no rule covers; any one of them blocks generate and spec:update. */
  problems: Problem[];
  /** Lint warnings on the effective spec, and 2xx answers without an example (they do not block). */
  warnings: LintProblem[];
  effectiveSha256: string;
}

/** Parses and sanity-checks an upstream document: OpenAPI 3.x with at least one path. */
export function parseSpec(text: string, source: string): Record<string, any> {
  let doc: unknown;
  try {
    const body = text.replace(/^\uFEFF/, "");
    doc = body.trimStart().startsWith("{") ? JSON.parse(body) : parseYaml(body);
  } catch (error) {
    throw new SpecError(`${source} is neither JSON nor YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new SpecError(`${source} is not an OpenAPI document (expected an object at the top level)`);
  }
  const spec = doc as Record<string, any>;
  if (typeof spec.swagger === "string") {
    throw new SpecError(`${source} is a Swagger ${spec.swagger} document; only OpenAPI 3.x is supported`);
  }
  if (typeof spec.openapi !== "string" || !spec.openapi.startsWith("3.")) {
    throw new SpecError(`${source} has no "openapi: 3.x" version field; it is not an OpenAPI 3 document`);
  }
  if (!spec.paths || typeof spec.paths !== "object" || Object.keys(spec.paths).length === 0) {
    throw new SpecError(`${source} declares no paths; there is nothing to generate`);
  }
  return spec;
}

/**
 * A `required` or `enum` list naming a value twice: a correction adds what upstream now declares itself
 * (overlay updates append to arrays), so the correction has become obsolete.
 */
function repeatedValues(spec: Json, correctionsFile: string): Problem[] {
  const problems: Problem[] = [];
  walkObjects(spec, [], (node, tokens) => {
    for (const keyword of ["required", "enum"]) {
      const values: unknown[] = Array.isArray(node[keyword]) ? node[keyword] : [];
      const seen = new Set<string>();
      for (const value of values) {
        const key = JSON.stringify(value);
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        problems.push({
          source: "correction",
          pointer: toPointer([...tokens, keyword]),
          message: `\`${keyword}\` lists ${key} twice: a correction adds what upstream now declares itself`,
          fix: `remove ${key} from the correction that adds it in ${correctionsFile}`,
        });
      }
    }
  });
  return problems;
}

/** The effective spec (corrections, then standing rules), checked for defects that make it unusable. */
async function correctedSpec(
  input: PipelineInput,
): Promise<{ effective: Json; findings: Finding[]; problems: Problem[] }> {
  const spec = parseSpec(input.specText, input.specSource);
  const { effective, unmatched, failed } = await applyCorrections(
    spec,
    parseOverlay(input.overlayText, input.overlaySource),
  );
  const defects = integrityDefects(effective);
  if (defects.length > 0) {
    throw new SpecError(
      `${input.specSource} (with the corrections applied) cannot be used:\n  ${defects.join("\n  ")}\n` +
        `fix upstream's spec, or correct it in ${input.overlaySource}`,
    );
  }
  const problems: Problem[] = [
    ...failed.map(({ index, message }) => ({
      source: "correction",
      pointer: "",
      message,
      fix: `fix or remove correction #${index + 1} in ${input.overlaySource}`,
    })),
    ...unmatched.map(({ index, label }) => ({
      source: "correction",
      pointer: "",
      message: `correction ${label} matches nothing in the spec`,
      fix: `remove correction #${index + 1} from ${input.overlaySource}: upstream no longer has what it corrected`,
    })),
    ...repeatedValues(effective, input.overlaySource),
  ];
  return { effective, findings: applyStructuralRules(effective), problems };
}

/** Codegen reads schemas; media-type examples (the mock's answers, the docs') are left out of the types. */
function withoutMediaTypeExamples(spec: Json): Json {
  const copy = structuredClone(spec);
  for (const { mediaType } of mediaTypeExamples(copy)) {
    const node = nodeAt(copy, mediaType);
    delete node.example;
    delete node.examples;
  }
  return copy;
}

function header(effectiveSha256: string): string {
  return `/**
 * Generated by \`npm run generate\` from generated/xai-openapi.effective.json
 * (effective spec sha256 ${effectiveSha256}). Do not edit: change
 * openapi/corrections.overlay.yaml, openapi/operation-names.yaml or the generator in scripts/ and regenerate.
 */
`;
}

/**
 * corrections → integrity → standing rules → lint ∥ openapi-typescript → rebuilt examples → operation table and
 * the client's resource tree, all in memory. Throws a SpecError only for input it cannot process at all; every other defect is
 * collected in `problems` so one run reports all of them.
 */
export async function runPipeline(input: PipelineInput): Promise<PipelineOutput> {
  // Started first: the linter loads on the second core while the corrections apply.
  const linter = startLinter(input.redoclyConfig);
  try {
    const { effective, findings, problems } = await correctedSpec(input);
    const linting = linter.lint(effective);
    // Codegen does not read examples, so it runs while the linter finds the examples to rebuild.
    const generating = generateTypes(withoutMediaTypeExamples(effective)).then(
      (types) => ({ types }),
      (error: Error) => ({ error }),
    );
    const firstLint = await linting;
    const rebuild = rebuildInvalidExamples(effective, firstLint.errors);
    await confirmRebuilds(effective, rebuild, (doc) => linter.lintExamples(doc));
    findings.push(...rebuild.findings);
    problems.push(
      ...rebuild.otherErrors.map((error) => lintProblem(effective, error)),
      ...rebuild.problems.map((problem) => ({ source: REBUILD_EXAMPLES.name, ...problem })),
      ...placeholderProblems(effective).map((problem) => ({ source: "example-placeholder", ...problem })),
    );
    const generated = await generating;
    if ("error" in generated) {
      problems.push({
        source: "codegen",
        pointer: "",
        message: `openapi-typescript failed on the effective spec: ${generated.error.message.split("\n")[0]}`,
        fix: "correct the schema it names with a correction",
      });
    }
    const operations = buildOperationTable(effective);
    const namesSource = input.namesSource ?? "openapi/operation-names.yaml";
    const parsedNames = parseOperationNames(input.namesText ?? "", namesSource);
    const named = nameOperations(operations, parsedNames.names, namesSource);
    findings.push(...named.findings);
    problems.push(...parsedNames.problems, ...named.problems);
    const effectiveText = `${JSON.stringify(effective, null, 2)}\n`;
    const effectiveSha256 = sha256(effectiveText);
    const files = new Map<string, string>();
    if ("types" in generated) {
      files.set("generated/xai-openapi.effective.json", effectiveText);
      files.set("generated/openapi.ts", `${header(effectiveSha256)}\n${generated.types}`);
      files.set("generated/operations.ts", `${header(effectiveSha256)}\n${renderOperationTable(operations)}`);
      files.set(
        "generated/resources.ts",
        `${header(effectiveSha256)}\n${renderResourceTree(named.methods, namesSource, effective)}`,
      );
    }
    const warnings = [...firstLint.warnings, ...missingResponseExamples(effective)];
    return { files, effective, findings, problems, warnings, effectiveSha256 };
  } finally {
    await linter.close();
  }
}
