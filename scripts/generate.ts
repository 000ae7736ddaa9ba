/**
 * The codegen pipeline: vendored spec + corrections → effective spec → lint → types + operation table.
 *
 *   npm run generate             write generated/ (atomically, file by file)
 *   npm run generate -- --check  exit 1 naming every stale file when generated/ is out of date
 *   --root <dir>                 run on another checkout (default: this one)
 *
 * A correction that matches nothing in the spec fails both modes: upstream has fixed (or moved)
 * what it corrected, and it must be removed rather than linger.
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeObsolete, generate, staleFiles, writeGenerated } from "./lib/generated-dir.ts";
import { ROOT, repoPaths } from "./lib/paths.ts";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: "boolean" }, root: { type: "string" } } });
  const paths = repoPaths(resolve(values.root ?? ROOT));
  const started = performance.now();
  const output = await generate(paths);
  const obsolete = describeObsolete(output.unmatched, relative(paths.root, paths.corrections));
  if (obsolete.length > 0) {
    console.error(`generate: ${obsolete.length} obsolete correction(s):\n  ${obsolete.join("\n  ")}`);
    return 1;
  }
  if (values.check) {
    const stale = await staleFiles(output, paths);
    if (stale.length > 0) {
      console.error(`generated/ is stale; run \`npm run generate\` and commit the result:\n  ${stale.join("\n  ")}`);
      return 1;
    }
    console.log(`generated/ is up to date (effective spec sha256 ${output.effectiveSha256.slice(0, 12)}…)`);
    return 0;
  }
  await writeGenerated(output, paths);
  const ms = Math.round(performance.now() - started);
  console.log(
    `generated ${[...output.files.keys()].join(", ")} in ${ms} ms (lint: 0 errors, ${output.lint.warnings.length} warnings)`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`generate: ${error.message}`);
    process.exit(1);
  },
);
