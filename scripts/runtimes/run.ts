/**
 * `npm run test:runtimes`: builds the package, installs the runtime matrix on demand (cache outside
 * the repo), starts the BUILT mock in-process on 127.0.0.1, runs the same smoke in every runtime, prints
 * a runtime × result table and fails when any runtime fails. Then the packed package: publint, attw and
 * a consumer project installing the tarball (test/package/consumer.ts) — rows of the same table.
 * Evidence (the Chromium screenshot, the results as JSON) goes to test-results/runtimes/.
 *
 * `--skip-build` reuses an existing dist/ (the package test builds once for both).
 */
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { checkPackage } from "../../test/package/consumer.ts";
import { compileSmoke } from "../../test/runtimes/compile.ts";
import { runSmokeInChromium } from "../../test/runtimes/runners/browser-page.ts";
import type { RuntimeOutcome } from "../../test/runtimes/runners/outcome.ts";
import { type ProcessRuntime, runSmokeInProcess } from "../../test/runtimes/runners/process.ts";
import { runSmokeInWorkerd } from "../../test/runtimes/runners/workerd.ts";
import { writeFileAtomic } from "../lib/fs-atomic.ts";
import { type PackagedRuntimeKey, packagedRuntimes } from "./catalog.ts";
import { ensureChromium, ensureRuntime, probeVersion } from "./install.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const workDir = join(root, ".cache/runtimes");
const evidenceDir = join(root, "test-results/runtimes");
const log = (line: string) => console.error(`[runtimes] ${line}`);

/** "v22.23.3", "deno 2.9.6 (stable…)", "Chromium 156.0.8078.79 built on…" → the version number. */
function versionOf(probe: string): string {
  return /\d+(\.\d+)+(-\d+)?/.exec(probe)?.[0] ?? probe;
}

async function installAll(): Promise<{
  binaries: Record<PackagedRuntimeKey, string | Error>;
  chromium: string | Error;
}> {
  const keys = Object.keys(packagedRuntimes) as PackagedRuntimeKey[];
  const [chromium, ...installed] = await Promise.all([
    ensureChromium(log).catch((error: Error) => error),
    ...keys.map((key) => ensureRuntime(packagedRuntimes[key], log).catch((error: Error) => error)),
  ]);
  return {
    chromium,
    binaries: Object.fromEntries(keys.map((key, i) => [key, installed[i]])) as Record<
      PackagedRuntimeKey,
      string | Error
    >,
  };
}

function failed(runtime: string, version: string, error: Error): RuntimeOutcome {
  return { runtime, version, ok: false, ms: 0, detail: error.message.split("\n")[0] ?? "" };
}

function printTable(outcomes: readonly RuntimeOutcome[]): void {
  const rows = [
    ["runtime", "version", "result", "ms", "detail"],
    ...outcomes.map((o) => [o.runtime, o.version, o.ok ? "pass" : "FAIL", String(o.ms), o.detail]),
  ];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    console.log(row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column]!) : cell)).join("  "));
  }
  const passedCount = outcomes.filter((o) => o.ok).length;
  console.log(`runtimes: ${passedCount} passed, ${outcomes.length - passedCount} failed`);
}

async function main(): Promise<void> {
  if (!process.argv.includes("--skip-build")) {
    log("building the package");
    await promisify(execFile)("npm", ["run", "--silent", "build"], { cwd: root, timeout: 5 * 60_000 });
  }
  await mkdir(workDir, { recursive: true });
  await mkdir(evidenceDir, { recursive: true });
  const [{ binaries, chromium }, compiled] = await Promise.all([installAll(), compileSmoke(root, workDir)]);

  const { startMockServer } = (await import(
    pathToFileURL(join(root, "dist/mock.js")).href
  )) as typeof import("../../mock/index.ts");
  const mock = await startMockServer({ port: 0 });
  log(`mock (dist/mock.js) at ${mock.url}`);
  const outcomes: RuntimeOutcome[] = [];
  try {
    const processRuntimes: [string, PackagedRuntimeKey | undefined, readonly string[]][] = [
      ["node", undefined, []],
      ["node", "node22", []],
      ["node", "node24", []],
      ["bun", "bun", []],
      // Deno may read XAI_* variables (the client's env lookup) and talk to the loopback mock only.
      ["deno", "deno", ["run", "--allow-env", "--allow-net=127.0.0.1"]],
    ];
    for (const [runtime, key, args] of processRuntimes) {
      const binary = key ? binaries[key] : process.execPath;
      const version = key ? packagedRuntimes[key].version : process.versions.node;
      if (binary instanceof Error) {
        outcomes.push(failed(runtime, version, binary));
        continue;
      }
      const target: ProcessRuntime = { runtime, version, binary, args };
      outcomes.push(await runSmokeInProcess(target, compiled.cli, mock.url, root));
    }

    const workerd = binaries.workerd;
    const workerdVersion = packagedRuntimes.workerd.version;
    outcomes.push(
      workerd instanceof Error
        ? failed("workerd", workerdVersion, workerd)
        : await runSmokeInWorkerd(workerd, workerdVersion, compiled.worker, mock.url, workDir),
    );

    if (chromium instanceof Error) outcomes.push(failed("chromium", "?", chromium));
    else {
      const version = versionOf(await probeVersion(chromium));
      const screenshot = join(evidenceDir, "chromium-smoke.png");
      outcomes.push(await runSmokeInChromium(chromium, version, root, compiled.browser, mock.url, screenshot));
    }
  } finally {
    await mock.close();
  }
  log("packing the package for publint, attw and a consumer project");
  outcomes.push(...(await checkPackage(root, log)));

  printTable(outcomes);
  await writeFileAtomic(join(evidenceDir, "results.json"), `${JSON.stringify(outcomes, null, 2)}\n`);
  if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
}

await main();
