import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RepoPaths, ROOT, repoPaths } from "../../scripts/lib/paths.ts";

/**
 * What the pipeline reads and writes; with `code`, also the client, the mock, the tests that run on them and the
 * scripts' shared helpers they import (the cassette store writes through `scripts/lib/fs-atomic.ts`).
 */
const PIPELINE = ["openapi", "generated", "redocly.yaml"];
const CODE = ["src", "mock", "test", "scripts", "package.json", "tsconfig.json", "vitest.config.ts"];

/**
 * A throwaway copy of the checkout, so tests never touch the real one. With `code: true` it also holds `src/`,
 * `mock/`, `test/` and `scripts/` (node_modules linked), to show what a spec update does to the client, the mock and the suite.
 */
export async function tempCheckout(
  options: { code?: boolean } = {},
): Promise<RepoPaths & { dispose(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "xai-foundation-"));
  for (const entry of [...PIPELINE, ...(options.code ? CODE : [])]) {
    await cp(join(ROOT, entry), join(root, entry), { recursive: true });
  }
  if (options.code) await symlink(join(ROOT, "node_modules"), join(root, "node_modules"), "dir");
  return { ...repoPaths(root), dispose: () => rm(root, { recursive: true, force: true }) };
}
