import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../scripts/lib/hash.ts";
import { MANIFEST, VENDORED_SPEC } from "../../scripts/lib/paths.ts";

describe("vendored spec", () => {
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
  const bytes = readFileSync(VENDORED_SPEC);

  it("is byte-identical to the upstream copy recorded in openapi/manifest.json", () => {
    expect(sha256(bytes)).toBe(manifest.sha256);
    expect(bytes.length).toBe(manifest.bytes);
  });

  it("records where it came from", () => {
    expect(manifest.source).toMatch(/^https:\/\/github\.com\//);
    expect(manifest.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});
