import type { NormalizedProblem } from "@redocly/openapi-core";
import { REDOCLY_CONFIG } from "./paths.ts";

export interface LintReport {
  errors: NormalizedProblem[];
  warnings: NormalizedProblem[];
}

/**
 * Lints a spec document in-process with the rules of redocly.yaml (no second process). The linter
 * is loaded on first use, so commands that reject bad input early do not pay for it.
 */
export async function lintSpec(spec: unknown, configPath = REDOCLY_CONFIG): Promise<LintReport> {
  const { lintFromString, loadConfig } = await import("@redocly/openapi-core");
  const config = await loadConfig({ configPath });
  const problems = await lintFromString({
    source: JSON.stringify(spec),
    absoluteRef: "xai-openapi.effective.json",
    config,
  });
  return {
    errors: problems.filter((p) => p.severity === "error"),
    warnings: problems.filter((p) => p.severity === "warn"),
  };
}

export function formatProblem(problem: NormalizedProblem): string {
  const where = problem.location[0]?.pointer ?? "";
  return `${problem.ruleId}: ${problem.message}${where ? ` at ${where}` : ""}`;
}
