/**
 * Cloudflare workerd: serves the bundled smoke worker on a loopback port, with an outbound network
 * service that may reach loopback addresses (workerd's default only allows public ones), then asks
 * it to run the smoke against the mock.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { freePort } from "./free-port.ts";
import { describeFailure, parseSmokeLine, type RuntimeOutcome } from "./outcome.ts";

function config(port: number, mockUrl: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "smoke", worker = .smokeWorker),
    (name = "loopback", network = (allow = ["local", "private", "public"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "smoke")],
);

const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
  bindings = [(name = "MOCK_URL", text = ${JSON.stringify(mockUrl)})],
);
`;
}

export async function runSmokeInWorkerd(
  binary: string,
  version: string,
  workerBundle: string,
  mockUrl: string,
  workDir: string,
  timeoutMs = 60_000,
): Promise<RuntimeOutcome> {
  const started = performance.now();
  const port = await freePort();
  await copyFile(workerBundle, join(workDir, "worker.mjs"));
  await writeFile(join(workDir, "config.capnp"), config(port, mockUrl));
  const child = spawn(binary, ["serve", "config.capnp"], { cwd: workDir, stdio: ["ignore", "pipe", "pipe"] });
  let logs = "";
  child.stdout.on("data", (chunk) => (logs += chunk));
  child.stderr.on("data", (chunk) => (logs += chunk));
  const outcome = (ok: boolean, detail: string): RuntimeOutcome => ({
    runtime: "workerd",
    version,
    ok,
    ms: Math.round(performance.now() - started),
    detail,
  });
  try {
    const body = await fetchWhenListening(`http://127.0.0.1:${port}/`, child, started + timeoutMs);
    const result = parseSmokeLine(body);
    return result?.ok
      ? outcome(true, Object.keys(result.checks).join(", "))
      : outcome(false, describeFailure(result, body));
  } catch (error) {
    return outcome(false, `${(error as Error).message} | workerd: ${logs.trim().slice(-500) || "no output"}`);
  } finally {
    await stop(child);
  }
}

/** Retries while workerd is still binding its socket; gives up at `deadline` or when workerd exits. */
async function fetchWhenListening(url: string, child: ChildProcess, deadline: number): Promise<string> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited with code ${child.exitCode}`);
    const remaining = deadline - performance.now();
    if (remaining <= 0) throw new Error("workerd did not answer in time");
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.ceil(remaining)) });
      return await response.text();
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== "ECONNREFUSED") throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
