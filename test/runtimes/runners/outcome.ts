import type { SmokeResult } from "../smoke.ts";

/** One row of the runtime table. */
export interface RuntimeOutcome {
  runtime: string;
  version: string;
  ok: boolean;
  /** Wall time of the whole run in that runtime, start-up included. */
  ms: number;
  /** The failing check and its error, or where the evidence went. */
  detail: string;
}

/** Reads the smoke's JSON result from the last line of a runtime's output. */
export function parseSmokeLine(output: string): SmokeResult | undefined {
  const line = output.trim().split("\n").at(-1) ?? "";
  try {
    const parsed = JSON.parse(line) as SmokeResult;
    return typeof parsed === "object" && parsed !== null && "ok" in parsed ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function describeFailure(result: SmokeResult | undefined, fallback: string): string {
  if (result?.failed) return `${result.failed.check}: ${result.failed.error}`;
  return fallback.trim().split("\n").slice(-6).join(" | ").slice(0, 600) || "no output";
}
