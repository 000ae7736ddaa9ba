/**
 * Swap in a new upstream xAI spec, regenerate, and report what changed.
 *
 *   npm run spec:update -- <file> [--source <repo>] [--path <path in repo>] [--commit <sha>]
 *                                 [--markdown <out.md>] [--root <dir>]
 *
 * Runs the whole pipeline (corrections, standing rules, lint, codegen) on the new spec in memory and
 * prints the report: operations added and removed, per operation the breaking and non-breaking changes,
 * every problem no standing rule covers (with its JSON pointer and the correction to write, and where),
 * what the standing rules changed, and the lint warnings. `--markdown` writes the same report as a PR
 * description, also when the update is blocked. `--source`/`--path`/`--commit` record the new file's
 * provenance in openapi/manifest.json (the previous file's provenance is never carried over).
 *
 * Exit codes:
 *   0  updated: generated/, openapi/xai-openapi.json and openapi/manifest.json written, each atomically
 *   1  blocked: problems no standing rule covers (all listed in the report); no file changed
 *   2  bad invocation or unusable input (missing file, not OpenAPI 3, duplicate or missing operationId,
 *      unresolvable $ref, undeclared path parameter, …): one error on stderr; no file changed
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "./lib/fs-atomic.ts";
import { ROOT, repoPaths } from "./lib/paths.ts";
import { applySpecUpdate, planSpecUpdate } from "./lib/spec-update.ts";
import { renderMarkdown, renderText } from "./lib/update-report.ts";

const USAGE =
  "usage: npm run spec:update -- <file> [--source <repo>] [--path <path>] [--commit <sha>] [--markdown <out.md>]";

function parseCli() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        markdown: { type: "string" },
        source: { type: "string" },
        path: { type: "string" },
        commit: { type: "string" },
        root: { type: "string" },
      },
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}. ${USAGE}`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseCli();
  if (positionals.length !== 1) throw new Error(`expected exactly one spec file. ${USAGE}`);
  if (values.commit !== undefined && !/^[0-9a-f]{40}$/.test(values.commit)) {
    throw new Error(`--commit must be a 40-character hex git commit, got "${values.commit}"`);
  }
  const paths = repoPaths(resolve(values.root ?? ROOT));
  const plan = await planSpecUpdate(paths, {
    file: resolve(positionals[0]!),
    source: values.source,
    path: values.path,
    commit: values.commit,
  });
  // The PR description is written first, so a bad --markdown path fails before anything is swapped in.
  if (values.markdown) await writeFileAtomic(resolve(values.markdown), renderMarkdown(plan.report));
  process.stdout.write(renderText(plan.report));
  const markdownNote = values.markdown ? `; the report is in ${values.markdown}` : "";
  if (plan.blocked) {
    console.log(`spec:update blocked: write the corrections above, then run it again${markdownNote}`);
    return 1;
  }
  const written = await applySpecUpdate(plan, paths);
  console.log(`wrote ${written.join(", ")}${markdownNote}`);
  if (plan.droppedProvenance.length > 0) {
    console.log(
      `note: the manifest no longer records ${plan.droppedProvenance.join(", ")} (they described the previous file); pass --source, --path and --commit to record where this one came from`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    const [first, ...rest] = error.message.split("\n");
    // An unusable spec lists each defect on its own line; any other failure is one line.
    const detail = error.name === "SpecError" ? rest.map((line) => `\n${line}`).join("") : "";
    console.error(`spec:update: ${first}${detail}`);
    process.exit(2);
  },
);
