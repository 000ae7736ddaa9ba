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

export interface Linter {
  /** Every rule of redocly.yaml. */
  lint(spec: unknown): Promise<LintReport>;
  /** Only the media-type example rule, with redocly.yaml's settings: re-checks rebuilt examples. */
  lintExamples(spec: unknown): Promise<LintProblem[]>;
  close(): Promise<void>;
}

/**
 * A linter in a worker thread, loaded at once. Loading and running the linter cold costs about as much as
 * codegen, so the pipeline starts it first and the two overlap on a second core instead of adding up.
 */
export function startLinter(configPath = REDOCLY_CONFIG): Linter {
  const worker = new Worker(new URL("./lint-worker.mjs", import.meta.url), { workerData: { configPath } });
  const pending = new Map<number, { resolve(problems: LintProblem[]): void; reject(error: Error): void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.on("message", ({ id, problems, error }: { id: number; problems?: LintProblem[]; error?: string }) => {
    const request = pending.get(id);
    pending.delete(id);
    if (error !== undefined) request?.reject(new Error(`the linter failed: ${error}`));
    else request?.resolve(problems!);
  });
  worker.once("error", failAll);
  worker.once("exit", (code) => failAll(new Error(`the lint worker exited with code ${code}`)));

  const request = (spec: unknown, examplesOnly: boolean) =>
    new Promise<LintProblem[]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, source: JSON.stringify(spec), examplesOnly });
    });

  return {
    async lint(spec) {
      const problems = await request(spec, false);
      return {
        errors: problems.filter((p) => p.severity === "error"),
        warnings: problems.filter((p) => p.severity === "warn"),
      };
    },
    lintExamples: (spec) => request(spec, true),
    async close() {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}

/** Lints one spec with every rule of redocly.yaml. */
export async function lintSpec(spec: unknown, configPath = REDOCLY_CONFIG): Promise<LintReport> {
  const linter = startLinter(configPath);
  try {
    return await linter.lint(spec);
  } finally {
    await linter.close();
  }
}

export function formatProblem(problem: LintProblem): string {
  return `${problem.ruleId}: ${problem.message}${problem.pointer ? ` at ${problem.pointer}` : ""}`;
}
