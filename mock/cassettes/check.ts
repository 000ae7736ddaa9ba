/**
 * `xai-mock cassettes check`: every cassette of a directory re-validated against the current effective spec (or
 * another one), both directions, so a spec update shows which recorded exchanges it no longer describes.
 */
import { type CassetteProblem, loadCassettes } from "./store.ts";
import { createExchangeValidator, type Finding } from "./validate.ts";

export interface CassetteCheck {
  file: string;
  request: Finding[];
  response: Finding[];
}

export interface CheckReport {
  checked: CassetteCheck[];
  /** Files that are no cassette this version can read. */
  problems: CassetteProblem[];
}

export async function checkCassettes(dir: string, options: { specText?: string } = {}): Promise<CheckReport> {
  const { cassettes, problems } = await loadCassettes(dir);
  const validator = await createExchangeValidator(options.specText);
  const checked: CassetteCheck[] = [];
  for (const { file, cassette } of cassettes) {
    checked.push({
      file,
      request: await validator.request(cassette.request),
      response: validator.response(cassette.request, cassette.response),
    });
  }
  return { checked, problems };
}

export function drifted(report: CheckReport): CassetteCheck[] {
  return report.checked.filter((c) => c.request.length > 0 || c.response.length > 0);
}

/** The report for a terminal: one line per cassette, each violation under it with its JSON pointer. */
export function formatCheck(report: CheckReport, against: string): string {
  const lines = [`${report.checked.length} cassette(s) checked against ${against}`];
  for (const check of report.checked) {
    const findings = [...check.request, ...check.response];
    lines.push(`  ${findings.length === 0 ? "✓" : "✗"} ${check.file}`);
    for (const { pointer, message } of findings) lines.push(`      ${pointer}: ${message}`);
  }
  for (const { file, message } of report.problems) lines.push(`  ✗ ${file}: unreadable: ${message}`);
  const changed = drifted(report).length;
  lines.push(
    changed === 0 && report.problems.length === 0
      ? "no drift"
      : `${changed} cassette(s) drifted from the spec, ${report.problems.length} unreadable`,
  );
  return lines.join("\n");
}
