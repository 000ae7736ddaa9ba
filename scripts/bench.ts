/**
 * Runs every bench/*.bench.ts one after another and prints one table: each case, this project's
 * figure, every named peer's figure from the same run, the ratio ours/peer and the target; then
 * writes the same records to bench/results.json (git-ignored) with the machine they ran on.
 *
 *   npm run bench                  all benchmarks
 *   npx tsx scripts/bench.ts sse   only files whose name contains "sse"
 *
 * A benchmark that throws shows its error in the table; the others still run.
 */
import { readdir } from "node:fs/promises";
import { arch, cpus, platform, totalmem } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchCase, BenchRecord } from "../bench/types.ts";
import { writeFileAtomic } from "./lib/fs-atomic.ts";
import { ROOT } from "./lib/paths.ts";

const BENCH_DIR = join(ROOT, "bench");

interface BenchFailure {
  file: string;
  error: string;
}

function machineInfo() {
  const cpu = cpus();
  return {
    node: process.version,
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    platform: `${platform()} ${arch()}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

async function benchFiles(filter: string[]): Promise<string[]> {
  const names = (await readdir(BENCH_DIR)).filter((name) => name.endsWith(".bench.ts")).sort();
  return filter.length === 0 ? names : names.filter((name) => filter.some((word) => name.includes(word)));
}

function isRecord(value: unknown): value is BenchRecord {
  const r = value as BenchRecord;
  return !!r && typeof r.case === "string" && typeof r.ours === "number" && typeof r.peers === "object";
}

async function runFile(file: string): Promise<BenchRecord[]> {
  const module = (await import(pathToFileURL(join(BENCH_DIR, file)).href)) as { default?: BenchCase };
  if (typeof module.default !== "function") throw new Error("has no default-exported BenchCase function");
  const records = await module.default();
  if (!Array.isArray(records) || !records.every(isRecord)) throw new Error("did not return BenchRecord[]");
  return records;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : value.toPrecision(3);
}

/** Rows of the table: one per (case, peer); a case without peers gets one row. */
function tableRows(records: BenchRecord[], failures: BenchFailure[]): string[][] {
  const rows: string[][] = [];
  for (const r of records) {
    const peers = Object.entries(r.peers);
    const unit = `${r.unit} (${r.higherIsBetter ? "higher" : "lower"} is better)`;
    if (peers.length === 0) rows.push([r.case, unit, formatNumber(r.ours), "", "", "", r.target]);
    peers.forEach(([peer, value], i) => {
      const ratio = value === 0 ? "–" : `${(r.ours / value).toFixed(2)}×`;
      const first = i === 0;
      rows.push([
        first ? r.case : "",
        first ? unit : "",
        first ? formatNumber(r.ours) : "",
        peer,
        formatNumber(value),
        ratio,
        first ? r.target : "",
      ]);
    });
  }
  for (const f of failures) rows.push([f.file, "ERROR", f.error, "", "", "", ""]);
  return rows;
}

function renderTable(rows: string[][]): string {
  const header = ["case", "unit", "ours", "peer", "peer value", "ours/peer", "target"];
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => row[col]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) => cell.padEnd(widths[col]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const files = await benchFiles(process.argv.slice(2).filter((arg) => !arg.startsWith("-")));
  console.log(`Node ${machine.node} · ${machine.cpu} · ${machine.cores} cores · ${machine.platform}`);
  const records: BenchRecord[] = [];
  const failures: BenchFailure[] = [];
  for (const file of files) {
    const started = performance.now();
    try {
      records.push(...(await runFile(file)));
      console.log(`  ${file} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      const message = (error as Error)?.message?.split("\n")[0] ?? String(error);
      failures.push({ file, error: message });
      console.log(`  ${file} failed: ${message}`);
    }
  }
  console.log(`\n${renderTable(tableRows(records, failures))}\n`);
  const resultsFile = join(BENCH_DIR, "results.json");
  const results = { ranAt: new Date().toISOString(), machine, records, failures };
  await writeFileAtomic(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${records.length} record(s) to bench/results.json`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
