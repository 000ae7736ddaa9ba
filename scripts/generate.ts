/**
 * The codegen pipeline: vendored spec + corrections + standing rules → effective spec → lint → types + operation table.
 *
 *   npm run generate             write generated/ (atomically, file by file)
 *   npm run generate -- --check  exit 1 naming every stale file when generated/ is out of date
 *   --root <dir>                 run on another checkout (default: this one)
 *
 * Any problem no standing rule covers (a lint error, an example the rules cannot rebuild, a correction
 * that fails or matches nothing, a codegen failure) fails both modes, listing every one of them with
 * its JSON pointer and the correction to write. spec:update runs the same pipeline, so the two agree.
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generate, staleFiles, writeGenerated } from "./lib/generated-dir.ts";
import { ROOT, repoPaths } from "./lib/paths.ts";
import type { Finding } from "./lib/rules.ts";
import { renderProblems } from "./lib/update-report.ts";

function ruleCounts(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const { rule } of findings) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${rule} ×${n}`).join(", ") || "none";
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: "boolean" }, root: { type: "string" } } });
  const paths = repoPaths(resolve(values.root ?? ROOT));
  const started = performance.now();
  const output = await generate(paths);
  if (output.problems.length > 0) {
    process.stderr.write(
      `generate: ${renderProblems(output.effective, output.problems, relative(paths.root, paths.corrections))}`,
    );
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
    `generated ${[...output.files.keys()].join(", ")} in ${ms} ms (0 problems, ${output.warnings.length} warnings; standing rules: ${ruleCounts(output.findings)})`,
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
