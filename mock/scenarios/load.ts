/**
 * Fixture files (Node only): a `.json`, `.yaml` or `.yml` file, or a directory of them (read in name order, not
 * recursively). A file holds an array of fixtures or `{ "fixtures": [...] }`. A file that cannot be read or parsed is
 * a `FixtureError` naming it (and, for YAML, the line).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import { FixtureError } from "./compile.ts";

const EXTENSIONS = new Set([".json", ".yaml", ".yml"]);

export interface FixtureSource {
  source: string;
  fixtures: unknown;
}

function parseYaml(text: string, file: string): unknown {
  // The `yaml` package is an optional peer of the mock, needed only for YAML fixtures.
  let yaml: typeof import("yaml");
  try {
    yaml = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  } catch {
    throw new FixtureError(file, "$", "YAML fixtures need the `yaml` package: npm install -D yaml (or write JSON)");
  }
  const document = yaml.parseDocument(text, { prettyErrors: true });
  const error = document.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    // The parser's sentence, without the position (given as the path) and the code frame after it.
    const sentence = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new FixtureError(
      file,
      at ? `line ${at.line}, column ${at.col}` : "$",
      `not YAML: ${sentence} (${error.code})`,
    );
  }
  return document.toJS();
}

function readFixtureFile(file: string): FixtureSource {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new FixtureError(
      file,
      "$",
      `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let parsed: unknown;
  if (extname(file).toLowerCase() === ".json") {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new FixtureError(file, "$", `not JSON: ${(error as Error).message}`);
    }
  } else parsed = parseYaml(text, file);
  const fixtures =
    parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) && "fixtures" in parsed
      ? (parsed as { fixtures: unknown }).fixtures
      : parsed;
  return { source: file, fixtures };
}

/** The fixtures of a file, or of every fixture file in a directory. */
export function loadFixtureFiles(path: string): FixtureSource[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new FixtureError(
      path,
      "$",
      `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (!isDirectory) return [readFixtureFile(path)];
  const files = readdirSync(path)
    .filter((name) => EXTENSIONS.has(extname(name).toLowerCase()))
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0) throw new FixtureError(path, "$", "the directory holds no .json, .yaml or .yml file");
  return files.map(readFixtureFile);
}
