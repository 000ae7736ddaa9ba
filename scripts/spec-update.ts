/**
 * Swap in a new upstream xAI spec, regenerate, and report what changed.
 *
 *   npm run spec:update -- <file> [--markdown <out.md>] [--source <url>] [--commit <sha>] [--root <dir>]
 *
 * Nothing is written unless the new spec parses, the corrections apply, the effective spec lints
 * clean and codegen succeeds. On failure: one line on stderr, exit code 1, files unchanged.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderMarkdown, renderText } from "./lib/change-report.ts";
import { writeFileAtomic } from "./lib/fs-atomic.ts";
import { ROOT, repoPaths } from "./lib/paths.ts";
import { applySpecUpdate, planSpecUpdate } from "./lib/spec-update.ts";

const USAGE = "usage: npm run spec:update -- <file> [--markdown <out.md>] [--source <url>] [--commit <sha>]";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      markdown: { type: "string" },
      source: { type: "string" },
      commit: { type: "string" },
      root: { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new Error(`expected exactly one spec file. ${USAGE}`);
  if (values.commit && !/^[0-9a-f]{40}$/.test(values.commit)) {
    throw new Error(`--commit must be a 40-character hex git commit, got "${values.commit}"`);
  }
  const paths = repoPaths(resolve(values.root ?? ROOT));
  const plan = await planSpecUpdate(paths, {
    file: resolve(positionals[0]!),
    source: values.source,
    commit: values.commit,
  });
  const context = {
    oldSha256: plan.oldSha256,
    newSha256: plan.newSha256,
    obsoleteCorrections: plan.obsoleteCorrections,
  };
  // The PR description is written first, so a bad --markdown path fails before anything is swapped in.
  if (values.markdown) await writeFileAtomic(resolve(values.markdown), renderMarkdown(plan.report, context));
  const written = await applySpecUpdate(plan, paths);
  process.stdout.write(renderText(plan.report, context));
  console.log(`wrote ${written.join(", ")}${values.markdown ? ` and the PR description ${values.markdown}` : ""}`);
  if (plan.obsoleteCorrections.length > 0) {
    console.log("remove the obsolete corrections above, then run `npm run generate` (until then generate:check fails)");
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`spec:update: ${error.message.split("\n")[0]}`);
    process.exit(1);
  },
);
