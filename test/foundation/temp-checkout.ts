import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RepoPaths, ROOT, repoPaths } from "../../scripts/lib/paths.ts";

/** A throwaway copy of what the pipeline reads and writes, so tests never touch the real checkout. */
export async function tempCheckout(): Promise<RepoPaths & { dispose(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "xai-foundation-"));
  for (const entry of ["openapi", "generated", "redocly.yaml"]) {
    await cp(join(ROOT, entry), join(root, entry), { recursive: true });
  }
  return { ...repoPaths(root), dispose: () => rm(root, { recursive: true, force: true }) };
}
