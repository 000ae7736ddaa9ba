/**
 * Runs every bench/*.bench.ts one after another and prints one table: each case, this project's
 * figure, every named peer's figure from the same run, the ratio ours/peer and the target; then
 * writes the same records to bench/results.json (git-ignored) with the machine they ran on.
 *
 *   npm run bench                  all benchmarks
 *   npx tsx scripts/bench.ts sse   only files whose name contains "sse"
 *
 * A benchmark that throws shows its error in the table; the others still run (exit code 1).
 */
import { join } from "node:path";
import { benchFiles, machineInfo, renderTable, runBenchmarks } from "./lib/bench-runner.ts";
import { writeFileAtomic } from "./lib/fs-atomic.ts";
import { ROOT } from "./lib/paths.ts";

const BENCH_DIR = join(ROOT, "bench");

async function main(): Promise<void> {
  const machine = machineInfo();
  const files = await benchFiles(
    BENCH_DIR,
    process.argv.slice(2).filter((arg) => !arg.startsWith("-")),
  );
  console.log(`Node ${machine.node} · ${machine.cpu} · ${machine.cores} cores · ${machine.platform}`);
  const run = await runBenchmarks(BENCH_DIR, files, (file, seconds, error) =>
    console.log(error ? `  ${file} failed: ${error}` : `  ${file} done in ${seconds.toFixed(1)} s`),
  );
  console.log(`\n${renderTable(run)}\n`);
  const results = { ranAt: new Date().toISOString(), machine, ...run };
  await writeFileAtomic(join(BENCH_DIR, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${run.records.length} record(s) to bench/results.json`);
  if (run.failures.length > 0) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
