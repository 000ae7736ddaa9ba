/**
 * Files the mock reads at run time, resolved against this module. It sits one level below the package root, as
 * the bundled `dist/mock.js` does, so the same relative URLs hold from source and from the build.
 */
import { fileURLToPath } from "node:url";

/** The effective spec the contract engine serves. */
export const EFFECTIVE_SPEC_URL = new URL("../generated/xai-openapi.effective.json", import.meta.url);
/** Where Prism's derived operation model is cached between runs. */
export const CACHE_DIR = fileURLToPath(new URL("../node_modules/.cache/xai-mock/", import.meta.url));
