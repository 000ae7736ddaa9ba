/** Node, Bun and Deno: run the compiled CLI smoke as a child process, bounded in time. */
import { execFile } from "node:child_process";
import { describeFailure, parseSmokeLine, type RuntimeOutcome } from "./outcome.ts";

export interface ProcessRuntime {
  runtime: string;
  version: string;
  binary: string;
  /** Arguments before the script path, e.g. Deno's permission flags. */
  args: readonly string[];
}

export function runSmokeInProcess(
  target: ProcessRuntime,
  script: string,
  mockUrl: string,
  cwd: string,
  timeoutMs = 60_000,
): Promise<RuntimeOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      target.binary,
      [...target.args, script, mockUrl],
      // NO_COLOR keeps Deno's and Bun's diagnostics readable in the table.
      {
        cwd,
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        env: { ...process.env, NO_COLOR: "1" },
        maxBuffer: 8 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const ms = Math.round(performance.now() - started);
        const result = parseSmokeLine(stdout);
        const ok = !error && result?.ok === true;
        const timedOut = error?.killed ? `timed out after ${timeoutMs} ms; ` : "";
        resolve({
          runtime: target.runtime,
          version: target.version,
          ok,
          ms,
          detail: ok
            ? Object.keys(result.checks).join(", ")
            : timedOut + describeFailure(result, `${stderr}\n${stdout}`),
        });
      },
    );
  });
}
