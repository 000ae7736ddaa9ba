/**
 * The spec:update report, as terminal text and as a PR description: what changed for clients, every problem
 * that blocks the update (with the correction to write and where), what the standing rules did, and the
 * warnings. Blocked or not, it is the whole picture of one run.
 */
import type { ChangeReport } from "./change-report.ts";
import type { LintProblem } from "./lint.ts";
import { groupByLocation, locationOf, type Problem } from "./problems.ts";
import { type Finding, RULES } from "./rules.ts";

type Json = Record<string, any>;

export interface UpdateReport {
  oldSha256: string;
  newSha256: string;
  changes: ChangeReport;
  problems: Problem[];
  findings: Finding[];
  warnings: LintProblem[];
  /** The new effective spec, to name the operation each pointer belongs to. */
  spec: Json;
  correctionsFile: string;
}

interface Entry {
  head: string;
  detail?: string;
}

function problemLocation(spec: Json, problem: Problem): string {
  if (problem.pointer) return locationOf(spec, problem.pointer);
  return problem.source === "correction" ? "corrections" : problem.source;
}

const at = (pointer: string) => (pointer ? ` at ${pointer}` : "");

function problemEntries(spec: Json, problems: readonly Problem[]) {
  return groupByLocation(problems, (p) => problemLocation(spec, p)).map(({ location, items }) => ({
    location,
    entries: items.map((p): Entry => ({ head: `${p.source}${at(p.pointer)}: ${p.message}`, detail: `fix: ${p.fix}` })),
  }));
}

function findingEntries(spec: Json, findings: readonly Finding[]) {
  return groupByLocation(findings, (f) => locationOf(spec, f.pointer)).map(({ location, items }) => ({
    location,
    entries: items.map((f): Entry => ({ head: `${f.rule}${at(f.pointer)}: ${f.message}` })),
  }));
}

function warningEntries(spec: Json, warnings: readonly LintProblem[]) {
  return groupByLocation(warnings, (w) => locationOf(spec, w.pointer)).map(({ location, items }) => ({
    location,
    entries: items.map((w): Entry => ({ head: `${w.ruleId}${at(w.pointer)}: ${w.message}` })),
  }));
}

/** "name: why" for each standing rule that changed something, in the order the rules run. */
function rulesUsed(findings: readonly Finding[]): string[] {
  const used = new Set(findings.map((f) => f.rule));
  return RULES.filter((rule) => used.has(rule.name)).map((rule) => `${rule.name}: ${rule.why}`);
}

export function isBlocked(report: Pick<UpdateReport, "problems">): boolean {
  return report.problems.length > 0;
}

function status(report: UpdateReport): string {
  return isBlocked(report)
    ? `BLOCKED: ${report.problems.length} problem(s) no standing rule covers; no file was changed`
    : "ready: no problem left";
}

function breakingCount(changes: ChangeReport): number {
  return changes.changed.reduce((n, c) => n + c.breaking.length, 0);
}

/** The problems alone, as `npm run generate` prints them. */
export function renderProblems(spec: Json, problems: readonly Problem[], correctionsFile: string): string {
  const lines = [`${problems.length} problem(s) no standing rule covers (corrections go in ${correctionsFile}):`];
  for (const { location, entries } of problemEntries(spec, problems)) {
    lines.push(`  ${location}`);
    for (const entry of entries) lines.push(`    ✗ ${entry.head}`, `      ${entry.detail}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderText(report: UpdateReport): string {
  const { changes } = report;
  const lines = [
    `Spec update ${report.oldSha256.slice(0, 12)} → ${report.newSha256.slice(0, 12)}: ${status(report)}`,
    `${changes.added.length} operation(s) added, ${changes.removed.length} removed, ${changes.changed.length} changed (${breakingCount(changes)} breaking change(s))`,
  ];
  const list = (title: string, items: string[], bullet: string) => {
    lines.push(`${title} (${items.length})${items.length ? ":" : ""}`);
    for (const item of items) lines.push(`  ${bullet} ${item}`);
  };
  list("Operations added", changes.added, "+");
  list("Operations removed", changes.removed, "-");
  lines.push(`Changed operations (${changes.changed.length})${changes.changed.length ? ":" : ""}`);
  for (const change of changes.changed) {
    lines.push(`  ${change.operationId ? `${change.operation} (${change.operationId})` : change.operation}`);
    for (const item of change.breaking) lines.push(`    BREAKING ${item}`);
    for (const item of change.nonBreaking) lines.push(`    ok       ${item}`);
  }
  const grouped = (title: string, groups: { location: string; entries: Entry[] }[], count: number, mark: string) => {
    lines.push(`${title} (${count})${count ? ":" : ""}`);
    for (const { location, entries } of groups) {
      lines.push(`  ${location}`);
      for (const entry of entries) {
        lines.push(`    ${mark} ${entry.head}`);
        if (entry.detail) lines.push(`      ${entry.detail}`);
      }
    }
  };
  grouped(
    `Problems no standing rule covers — correct them in ${report.correctionsFile}`,
    problemEntries(report.spec, report.problems),
    report.problems.length,
    "✗",
  );
  grouped("Standing rules applied", findingEntries(report.spec, report.findings), report.findings.length, "·");
  const used = rulesUsed(report.findings);
  if (used.length > 0) lines.push("  the rules:", ...used.map((rule) => `    ${rule}`));
  grouped("Warnings (do not block)", warningEntries(report.spec, report.warnings), report.warnings.length, "!");
  return `${lines.join("\n")}\n`;
}

export function renderMarkdown(report: UpdateReport): string {
  const code = (s: string) => `\`${s}\``;
  const { changes } = report;
  const out = [
    "## xAI OpenAPI spec update",
    "",
    `Vendored spec sha256 ${code(report.oldSha256.slice(0, 12))} → ${code(report.newSha256.slice(0, 12))}: ` +
      `${changes.added.length} operation(s) added, ${changes.removed.length} removed, ${changes.changed.length} changed ` +
      `(${breakingCount(changes)} breaking change(s)).`,
    "",
    `**Status:** ${status(report)}.`,
    "",
  ];
  const list = (title: string, items: string[]) => {
    if (items.length === 0) return;
    out.push(`### ${title}`, "", ...items.map((i) => `- ${code(i)}`), "");
  };
  list("Operations added", changes.added);
  list("Operations removed", changes.removed);
  if (changes.changed.length > 0) {
    out.push("### Changed operations", "");
    for (const change of changes.changed) {
      out.push(`#### ${code(change.operation)}${change.operationId ? ` (${change.operationId})` : ""}`, "");
      for (const item of change.breaking) out.push(`- **breaking:** ${item}`);
      for (const item of change.nonBreaking) out.push(`- ${item}`);
      out.push("");
    }
  }
  const grouped = (title: string, groups: { location: string; entries: Entry[] }[]) => {
    if (groups.length === 0) return;
    out.push(`### ${title}`, "");
    for (const { location, entries } of groups) {
      out.push(`#### ${code(location)}`, "");
      for (const entry of entries) out.push(`- ${entry.head}${entry.detail ? `\n  - ${entry.detail}` : ""}`);
      out.push("");
    }
  };
  grouped(
    `Problems no standing rule covers (${report.problems.length}) — correct them in ${code(report.correctionsFile)}`,
    problemEntries(report.spec, report.problems),
  );
  grouped(`Standing rules applied (${report.findings.length})`, findingEntries(report.spec, report.findings));
  const used = rulesUsed(report.findings);
  if (used.length > 0) out.push("The rules:", "", ...used.map((rule) => `- ${rule}`), "");
  grouped(`Warnings (${report.warnings.length}, do not block)`, warningEntries(report.spec, report.warnings));
  return `${out.join("\n").trimEnd()}\n`;
}
