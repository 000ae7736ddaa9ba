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
import { updateSpec } from "./lib/spec-update.ts";

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
  const result = await updateSpec(repoPaths(resolve(values.root ?? ROOT)), {
    file: resolve(positionals[0]!),
    source: values.source,
    commit: values.commit,
  });
  const context = {
    oldSha256: result.oldSha256,
    newSha256: result.newSha256,
    obsoleteCorrections: result.obsoleteCorrections,
  };
  process.stdout.write(renderText(result.report, context));
  console.log(`wrote ${result.written.join(", ")}`);
  if (values.markdown) {
    await writeFileAtomic(resolve(values.markdown), renderMarkdown(result.report, context));
    console.log(`wrote the report for a PR description to ${values.markdown}`);
  }
  if (result.obsoleteCorrections.length > 0) {
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
