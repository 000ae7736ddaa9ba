import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the pipeline reads and writes, relative to a checkout (the real one, or a copy in tests). */
export interface RepoPaths {
  root: string;
  vendoredSpec: string;
  manifest: string;
  corrections: string;
  /** The client's method names: operationId → resource path and method. */
  operationNames: string;
  redoclyConfig: string;
  generatedDir: string;
  /** The effective spec (vendored + corrections): the one file codegen, mock, tests and docs read. */
  effectiveSpec: string;
}

export function repoPaths(root: string): RepoPaths {
  return {
    root,
    vendoredSpec: join(root, "openapi/xai-openapi.json"),
    manifest: join(root, "openapi/manifest.json"),
    corrections: join(root, "openapi/corrections.overlay.yaml"),
    operationNames: join(root, "openapi/operation-names.yaml"),
    redoclyConfig: join(root, "redocly.yaml"),
    generatedDir: join(root, "generated"),
    effectiveSpec: join(root, "generated/xai-openapi.effective.json"),
  };
}

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const paths = repoPaths(ROOT);
export const VENDORED_SPEC = paths.vendoredSpec;
export const MANIFEST = paths.manifest;
export const CORRECTIONS = paths.corrections;
export const REDOCLY_CONFIG = paths.redoclyConfig;
export const GENERATED_DIR = paths.generatedDir;
export const EFFECTIVE_SPEC = paths.effectiveSpec;
