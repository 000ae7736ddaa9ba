/**
 * Memory measurement for the benchmarks that run each scenario in a child process of their own (file-memory,
 * client-peak-rss): the parent spawns the bench file again with a role in its environment, the child measures and
 * prints one JSON line, the parent reads it back.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";

const MB = 1024 * 1024;

/**
 * Peak RSS growth in MB while `work` runs, above a baseline taken after a GC (run with `--expose-gc`): RSS sampled
 * every 5 ms, plus the process's maxRSS, which catches a spike between samples when it beats the earlier peak.
 */
export async function peakRssGrowthMB(work: () => Promise<void>): Promise<number> {
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const baseline = process.memoryUsage.rss();
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const maxAfter = process.resourceUsage().maxRSS * 1024;
  if (maxAfter > maxBefore) peak = Math.max(peak, maxAfter);
  return (peak - baseline) / MB;
}

/** Runs `script` (a bench file) under tsx with `--expose-gc` and `env`; resolves to the JSON line it printed last. */
export async function runInChild<T>(script: string, env: Record<string, string>, what: string): Promise<T> {
  const proc = spawn(process.execPath, ["--import", "tsx", "--expose-gc", script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  proc.stdout.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const [code] = (await once(proc, "exit")) as [number | null];
  const line = output.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{")) throw new Error(`${what} child failed (exit ${code}): ${output}`);
  return JSON.parse(line) as T;
}
