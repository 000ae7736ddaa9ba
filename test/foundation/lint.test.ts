import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyCorrections, parseOverlay } from "../../scripts/lib/corrections.ts";
import { formatProblem, lintSpec } from "../../scripts/lib/lint.ts";
import { CORRECTIONS, EFFECTIVE_SPEC, VENDORED_SPEC } from "../../scripts/lib/paths.ts";

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("effective spec lint", () => {
  it("has 0 errors and 0 invalid media-type examples under redocly.yaml", async () => {
    const { errors, warnings } = await lintSpec(readJson(EFFECTIVE_SPEC));
    const exampleProblems = [...errors, ...warnings].filter((p) => p.ruleId === "no-invalid-media-type-examples");
    expect(errors.map(formatProblem)).toEqual([]);
    expect(exampleProblems.map(formatProblem)).toEqual([]);
  });

  it("treats an example that fails its schema as an error", async () => {
    const spec = readJson(EFFECTIVE_SPEC);
    const media = spec.paths["/v1/api-key"].get.responses["200"].content["application/json"];
    media.example = { ...media.example, undeclared_field: true };
    const { errors } = await lintSpec(spec);
    expect(errors.map((p) => p.ruleId)).toContain("no-invalid-media-type-examples");
  });
});

describe("corrections", () => {
  it("every correction still matches something in the vendored spec", async () => {
    const overlay = parseOverlay(readFileSync(CORRECTIONS, "utf8"), "corrections");
    const { unmatched } = await applyCorrections(readJson(VENDORED_SPEC), overlay);
    expect(unmatched.map((u) => u.label)).toEqual([]);
  });

  it("every correction says why", () => {
    const overlay = parseOverlay(readFileSync(CORRECTIONS, "utf8"), "corrections");
    const undocumented = overlay.actions.filter((a) => !a.description?.trim()).map((a) => a.target);
    expect(undocumented).toEqual([]);
  });
});
