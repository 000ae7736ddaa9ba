/**
 * A directory of cassettes: loading (each file parsed and checked against `cassette.schema.json` and for what a
 * schema cannot say; a broken file becomes a problem naming it and what is wrong, the others still load) and writing
 * (redacted, refused while a secret is left, atomically: a temp file renamed over the target).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { writeFileAtomic } from "../../scripts/lib/fs-atomic.ts";
import schema from "./cassette.schema.json" with { type: "json" };
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette } from "./format.ts";
import { matchKey } from "./match.ts";
import { leftSecret, redactCassette } from "./redact.ts";

export interface LoadedCassette {
  /** Path relative to the cassette directory. */
  file: string;
  key: string;
  cassette: Cassette;
}

export interface CassetteProblem {
  file: string;
  message: string;
}

export interface CassetteDirectory {
  cassettes: LoadedCassette[];
  problems: CassetteProblem[];
}

/** Larger files are refused unread: a cassette holds one exchange. */
const MAX_CASSETTE_BYTES = 256 * 1024 * 1024;

let validator: ReturnType<Ajv2020["compile"]> | undefined;

function cassetteValidator(): ReturnType<Ajv2020["compile"]> {
  if (!validator) {
    // strictRequired off: `not: {required: [body, frames]}` names properties declared beside it, not inside it.
    const ajv = new Ajv2020({ strict: true, strictRequired: false });
    addFormats.default(ajv, ["date-time", "uri"]);
    validator = ajv.compile(schema);
  }
  return validator;
}

function schemaErrors(value: unknown): string | undefined {
  const validateCassette = cassetteValidator();
  if (validateCassette(value)) return undefined;
  const error = validateCassette.errors![0] as ErrorObject;
  const extra = error.keyword === "additionalProperties" ? ` ('${error.params.additionalProperty}')` : "";
  return `${error.instancePath || "/"} ${error.message}${extra}`;
}

/** What the schema cannot say: a known format and version first (so a newer file is named as such), then timing. */
function cassetteProblem(value: unknown): string | undefined {
  const head = value as Partial<Cassette> | null;
  if (!head || typeof head !== "object" || head.format !== CASSETTE_FORMAT) {
    return `not a cassette (its "format" must be "${CASSETTE_FORMAT}")`;
  }
  if (head.version !== CASSETTE_VERSION) {
    return `cassette format version ${JSON.stringify(head.version)}; this xai-mock reads version ${CASSETTE_VERSION}`;
  }
  const invalid = schemaErrors(value);
  if (invalid) return invalid;
  const { response } = value as Cassette;
  if (response.endMs < response.headersMs) return `/response/endMs (${response.endMs}) is before headersMs`;
  let previous = response.headersMs;
  for (const [i, frame] of (response.frames ?? []).entries()) {
    if (frame.ms < previous)
      return `/response/frames/${i}/ms (${frame.ms}) is before the frame or headers preceding it`;
    if (frame.ms > response.endMs) return `/response/frames/${i}/ms (${frame.ms}) is after endMs (${response.endMs})`;
    previous = frame.ms;
  }
  return undefined;
}

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: Error) => {
    throw new Error(`cannot read the cassette directory ${dir}: ${error.message}`);
  });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".json"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function loadOne(path: string): Promise<Cassette> {
  const { size } = await stat(path);
  if (size > MAX_CASSETTE_BYTES)
    throw new Error(`${size} bytes, more than a cassette may hold (${MAX_CASSETTE_BYTES})`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  const problem = cassetteProblem(value);
  if (problem) throw new Error(problem);
  return value as Cassette;
}

/** Every `*.json` under `dir` (recursively), in path order; throws only when `dir` itself cannot be read. */
export async function loadCassettes(dir: string): Promise<CassetteDirectory> {
  const loaded: CassetteDirectory = { cassettes: [], problems: [] };
  cassetteValidator();
  for (const path of await jsonFiles(dir)) {
    const file = relative(dir, path);
    try {
      const cassette = await loadOne(path);
      loaded.cassettes.push({ file, key: matchKey(cassette.request), cassette });
    } catch (error) {
      loaded.problems.push({ file, message: (error as Error).message });
    }
  }
  return loaded;
}

export class SecretLeftError extends Error {}

/** `post-v1-chat-completions-3f9a0c1d2e4b-0.json`: readable, and unique per match key and sequence. */
export function cassetteFileName(cassette: Cassette, key: string): string {
  const path = cassette.request.url.split("?")[0]!;
  const slug =
    path
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 80) || "root";
  return `${cassette.request.method.toLowerCase()}-${slug}-${key.slice(0, 12)}-${cassette.sequence}.json`;
}

/**
 * Redact, scan, write atomically; returns the file name. Throws SecretLeftError (naming where, not what) when the
 * redacted cassette still holds a secret — nothing is written then.
 */
export async function writeCassette(dir: string, cassette: Cassette, secrets: readonly string[]): Promise<string> {
  const redacted = redactCassette(cassette, secrets);
  const name = cassetteFileName(redacted, matchKey(redacted.request));
  const left = leftSecret(redacted, secrets);
  if (left) throw new SecretLeftError(`refused to write ${name}: it still holds ${left}`);
  await writeFileAtomic(join(dir, name), `${JSON.stringify(redacted, null, 2)}\n`);
  return name;
}
