/**
 * Installs the runtimes of the matrix on demand into a cache outside the repo
 * (`$XAI_TOOLKIT_CACHE` or `~/.cache/xai-toolkit`), one folder per `<name>@<version>`.
 * Idempotent: a cached binary that answers `--version` is reused. A fresh install goes to a
 * temporary folder and is renamed into place only once its binary runs, so an interrupted
 * install never leaves a half-filled cache entry behind.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromiumPath, type PackagedRuntime } from "./catalog.ts";

const run = promisify(execFile);

export function cacheRoot(): string {
  const base =
    process.env.XAI_TOOLKIT_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "xai-toolkit");
  return join(base, "runtimes");
}

/** The first line a binary prints for `--version`; throws with the binary's own output when it cannot run. */
export async function probeVersion(binary: string, args: readonly string[] = ["--version"]): Promise<string> {
  const { stdout } = await run(binary, [...args], { timeout: 30_000 });
  return stdout.trim().split("\n")[0] ?? "";
}

/** Returns the path of the runtime's binary, installing it first when the cache lacks it. */
export async function ensureRuntime(runtime: PackagedRuntime, log: (line: string) => void): Promise<string> {
  const folder = join(cacheRoot(), `${runtime.name}@${runtime.version}`);
  const binaryIn = (prefix: string) => join(prefix, "node_modules", runtime.npmPackage, runtime.binary);
  const binary = binaryIn(folder);
  if (existsSync(binary)) {
    try {
      await probeVersion(binary);
      return binary;
    } catch {
      log(`${runtime.name}@${runtime.version}: cached binary does not run, reinstalling`);
    }
  }
  // A fixed name: a run that was killed mid-install leaves nothing the next run does not clear.
  const staging = `${folder}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  log(`installing ${runtime.npmPackage}@${runtime.version} into ${folder}`);
  try {
    await run(
      "npm",
      [
        "install",
        "--prefix",
        staging,
        "--no-save",
        "--no-package-lock",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        `${runtime.npmPackage}@${runtime.version}`,
      ],
      { timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    await probeVersion(binaryIn(staging));
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`could not install ${runtime.npmPackage}@${runtime.version}: ${(error as Error).message}`);
  }
  return binary;
}

/** Debian's Chromium; installed with apt-get when missing (CI machines run as root). */
export async function ensureChromium(log: (line: string) => void): Promise<string> {
  if (!existsSync(chromiumPath)) {
    log("installing Debian's chromium with apt-get");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const options = { env, timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 };
    await run("apt-get", ["update"], options);
    await run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], options);
  }
  await probeVersion(chromiumPath);
  return chromiumPath;
}
