import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const VENDORED_SPEC = join(ROOT, "openapi/xai-openapi.json");
export const MANIFEST = join(ROOT, "openapi/manifest.json");
export const CORRECTIONS = join(ROOT, "openapi/corrections.overlay.yaml");
export const REDOCLY_CONFIG = join(ROOT, "redocly.yaml");
export const GENERATED_DIR = join(ROOT, "generated");
/** The effective spec (vendored + corrections): the one file codegen, mock, tests and docs read. */
export const EFFECTIVE_SPEC = join(GENERATED_DIR, "xai-openapi.effective.json");
