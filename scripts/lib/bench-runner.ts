import { readdir } from "node:fs/promises";
import { arch, cpus, platform, totalmem } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchCase, BenchRecord } from "../../bench/types.ts";

export interface BenchFailure {
  file: string;
  error: string;
}

export interface BenchRun {
  records: BenchRecord[];
  failures: BenchFailure[];
}

export function machineInfo() {
  const cpu = cpus();
  return {
    node: process.version,
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    platform: `${platform()} ${arch()}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

/** `*.bench.ts` in `dir`, sorted; with `filter`, only names containing one of its words. */
export async function benchFiles(dir: string, filter: string[] = []): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".bench.ts")).sort();
  return filter.length === 0 ? names : names.filter((name) => filter.some((word) => name.includes(word)));
}

function isRecord(value: unknown): value is BenchRecord {
  const r = value as BenchRecord;
  return !!r && typeof r.case === "string" && typeof r.ours === "number" && typeof r.peers === "object";
}

async function runFile(path: string): Promise<BenchRecord[]> {
  const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  if (typeof module.default !== "function") throw new Error("has no default-exported BenchCase function");
  const records = await (module.default as BenchCase)();
  if (!Array.isArray(records) || !records.every(isRecord)) throw new Error("did not return BenchRecord[]");
  return records;
}

/** Runs the files one after another; a file that throws becomes a failure and the rest still run. */
export async function runBenchmarks(
  dir: string,
  files: string[],
  onDone: (file: string, seconds: number, error?: string) => void = () => {},
): Promise<BenchRun> {
  const run: BenchRun = { records: [], failures: [] };
  for (const file of files) {
    const started = performance.now();
    try {
      run.records.push(...(await runFile(join(dir, file))));
      onDone(file, (performance.now() - started) / 1000);
    } catch (error) {
      const message = (error as Error)?.message?.split("\n")[0] ?? String(error);
      run.failures.push({ file, error: message });
      onDone(file, (performance.now() - started) / 1000, message);
    }
  }
  return run;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : value.toPrecision(3);
}

/** Rows of the table: one per (case, peer); a case without peers gets one row; one per failure. */
function tableRows({ records, failures }: BenchRun): string[][] {
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

export function renderTable(run: BenchRun): string {
  const header = ["case", "unit", "ours", "peer", "peer value", "ours/peer", "target"];
  const rows = tableRows(run);
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => row[col]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) => cell.padEnd(widths[col]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
