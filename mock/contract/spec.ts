/** The effective spec, read once per process, and Prism's operation model derived from it. */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { CACHE_DIR, EFFECTIVE_SPEC_URL } from "../locations.ts";
import { deferFakerLoading } from "./lazy-faker.ts";

const require = createRequire(import.meta.url);
deferFakerLoading();
// prism-http is CommonJS; loading it through require keeps its (large) dependency graph out of the ESM loader.
const { getHttpOperationsFromSpec } = require("@stoplight/prism-http") as typeof import("@stoplight/prism-http");
const PRISM_HTTP_VERSION = (require("@stoplight/prism-http/package.json") as { version: string }).version;

export type Spec = Record<string, any>;
export type PrismOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];

let specText: string | undefined;
let specCache: Spec | undefined;
const operationsCache = new Map<string, Promise<PrismOperation[]>>();

function readSpecText(): string {
  specText ??= readFileSync(EFFECTIVE_SPEC_URL, "utf8");
  return specText;
}

export function loadSpec(): Spec {
  specCache ??= JSON.parse(readSpecText()) as Spec;
  return specCache;
}

/**
 * Prism's dereferenced operations of a spec (by default the effective spec), shared by every server in the process.
 * Deriving them takes a few hundred milliseconds, so the (plain-JSON) result is also kept on disk, keyed by the
 * spec's hash and Prism's version.
 */
export function loadOperations(text: string = readSpecText()): Promise<PrismOperation[]> {
  const key = createHash("sha256").update(text).update(PRISM_HTTP_VERSION).digest("hex").slice(0, 16);
  let operations = operationsCache.get(key);
  if (!operations) {
    operations = deriveOperations(text, key);
    operationsCache.set(key, operations);
  }
  return operations;
}

async function deriveOperations(text: string, key: string): Promise<PrismOperation[]> {
  const cacheFile = `${CACHE_DIR}operations-${key}.json`;
  try {
    return JSON.parse(readFileSync(cacheFile, "utf8")) as PrismOperation[];
  } catch {
    // not cached yet (or unreadable): derive below
  }
  const operations = await getHttpOperationsFromSpec(JSON.parse(text) as Spec);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(operations));
    renameSync(temp, cacheFile);
  } catch {
    // a read-only checkout just derives the operations on every start
  }
  return operations;
}
