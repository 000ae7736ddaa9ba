/** The model catalogue in Node: from a JSON file or entries, over the effective spec read from disk (`catalogue.ts`). */
import { readFileSync } from "node:fs";
import { loadSpec } from "../contract/spec.ts";
import { catalogueOf, type ModelCatalogue, ModelCatalogueError, type ModelEntry } from "./catalogue.ts";

export * from "./catalogue.ts";

function readEntries(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ModelCatalogueError(`model catalogue ${path}: cannot read it (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelCatalogueError(`model catalogue ${path}: not JSON (${(error as Error).message})`);
  }
}

/** The catalogue for `option` (entries, a JSON file path, or undefined for the spec's models). */
export function loadCatalogue(option: string | readonly ModelEntry[] | undefined): ModelCatalogue {
  if (typeof option === "string") return catalogueOf(readEntries(option), option, loadSpec());
  return catalogueOf(option, "(option)", loadSpec());
}
