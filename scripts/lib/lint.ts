import { Worker } from "node:worker_threads";
import { REDOCLY_CONFIG } from "./paths.ts";

export interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  /** JSON pointer into the linted document. */
  pointer: string;
}

export interface LintReport {
  errors: LintProblem[];
  warnings: LintProblem[];
}

/**
 * Lints a spec with the rules of redocly.yaml in a worker thread. Loading and running the linter
 * cold costs about as much as codegen, so the pipeline starts both at once and they overlap on a
 * second core instead of adding up.
 */
export function lintSpec(spec: unknown, configPath = REDOCLY_CONFIG): Promise<LintReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./lint-worker.mjs", import.meta.url), {
      workerData: { source: JSON.stringify(spec), configPath },
    });
    worker.once("message", (problems: LintProblem[]) =>
      resolve({
        errors: problems.filter((p) => p.severity === "error"),
        warnings: problems.filter((p) => p.severity === "warn"),
      }),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the lint worker exited with code ${code}`));
    });
  });
}

export function formatProblem(problem: LintProblem): string {
  return `${problem.ruleId}: ${problem.message}${problem.pointer ? ` at ${problem.pointer}` : ""}`;
}
