/**
 * What blocks a spec update: every defect no standing rule covers, each with the JSON pointer it is about
 * and the correction that would fix it (or the correction to remove), grouped by operation for the report.
 */
import { HTTP_METHODS } from "./integrity.ts";
import { nodeAt, pointerTokens, toJsonPath, toPointer } from "./json-pointer.ts";
import type { LintProblem } from "./lint.ts";

type Json = Record<string, any>;

export interface Problem {
  /** What found it: a Redocly rule id, `correction`, `codegen` or a standing rule's name. */
  source: string;
  /** JSON pointer into the effective spec; "" when the problem is not about one node of it. */
  pointer: string;
  message: string;
  /** Which correction to write, change or remove, and where. */
  fix: string;
}

const HINTS: Record<string, (target: string) => string> = {
  "operation-summary": (target) => `add a correction: target ${target}, update: { summary: "…" }`,
  "no-unresolved-refs": (target) => `add the missing component, or point the $ref elsewhere: target ${target}`,
  "no-empty-servers": () => "add a correction: target $, update: { servers: [{ url: … }] }",
};

/** A lint error as a problem, with the correction target for the node it names. */
export function lintProblem(spec: Json, problem: LintProblem): Problem {
  const pointer = problem.pointer.startsWith("#") ? problem.pointer : `#${problem.pointer}`;
  const tokens = pointerTokens(pointer);
  // The rule may name a field that is missing: target the nearest node that exists.
  while (tokens.length > 0 && nodeAt(spec, toPointer(tokens)) === undefined) tokens.pop();
  const target = toJsonPath(spec, toPointer(tokens));
  const hint = HINTS[problem.ruleId];
  return {
    source: problem.ruleId,
    pointer,
    message: problem.message,
    fix: hint ? hint(target) : `add a correction with evidence: target ${target}`,
  };
}

/** Where a pointer lies, for grouping: `POST /v1/chat/completions (handle_…)`, `components/schemas/X`, `document`. */
export function locationOf(spec: Json, pointer: string): string {
  const [root, first, second] = pointerTokens(pointer);
  if (root === "paths" && first !== undefined) {
    if (second && (HTTP_METHODS as readonly string[]).includes(second)) {
      const operationId = spec.paths?.[first]?.[second]?.operationId;
      return `${second.toUpperCase()} ${first}${operationId ? ` (${operationId})` : ""}`;
    }
    return first;
  }
  if (root === "components" && first && second) return `components/${first}/${second}`;
  return "document";
}

/** Items grouped by `locationOf` their pointer, operations first in path order, then components, then the rest. */
export function groupByLocation<T>(
  items: readonly T[],
  where: (item: T) => string,
): { location: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const location = where(item);
    groups.set(location, [...(groups.get(location) ?? []), item]);
  }
  const rank = (location: string) => (/^[A-Z]+ \//.test(location) ? 0 : location.startsWith("components/") ? 1 : 2);
  return [...groups]
    .map(([location, grouped]) => ({ location, items: grouped }))
    .sort(
      (a, b) =>
        rank(a.location) - rank(b.location) ||
        a.location.replace(/^[A-Z]+ /, "").localeCompare(b.location.replace(/^[A-Z]+ /, "")) ||
        a.location.localeCompare(b.location),
    );
}
