/** The effective spec, read once per process, and Prism's operation model derived from it. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// prism-http is CommonJS; loading it through require keeps its (large) dependency graph out of the ESM loader.
const { getHttpOperationsFromSpec } = require("@stoplight/prism-http") as typeof import("@stoplight/prism-http");

export type Spec = Record<string, any>;
export type PrismOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];

const SPEC_URL = new URL("../generated/xai-openapi.effective.json", import.meta.url);

let specCache: Spec | undefined;
let operationsCache: Promise<PrismOperation[]> | undefined;

export function loadSpec(): Spec {
  specCache ??= JSON.parse(readFileSync(SPEC_URL, "utf8")) as Spec;
  return specCache;
}

/** Prism's dereferenced operations; parsed once and shared by every server in the process. */
export function loadOperations(): Promise<PrismOperation[]> {
  operationsCache ??= getHttpOperationsFromSpec(structuredClone(loadSpec()));
  return operationsCache;
}

/** The example body the spec declares for `path` `method` → `status` (first media type), if any. */
export function specExample(path: string, method: string, status = "200"): unknown {
  const content = loadSpec().paths[path]?.[method]?.responses?.[status]?.content;
  const first = content && Object.values(content)[0];
  return (first as { example?: unknown } | undefined)?.example;
}
