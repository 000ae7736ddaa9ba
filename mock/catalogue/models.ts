/**
 * The model catalogue: which models exist, of which kind, under which names. By default the models of the
 * effective spec's examples (the five model-list operations) followed by those api.x.ai was seen to serve
 * (`observed.ts`, each with its evidence); `startMockServer({ models })` / `--models <file>` replaces them. Every name resolves to its model's id, as api.x.ai does (`grok-4-latest` answers as
 * `grok-4-0709`): an entry's `aliases`, `<id>-latest`, and for dated ids (`-MMDD` suffix) the undated name and its
 * `-latest`. Requests naming anything else get xAI's 404.
 */

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Json } from "../behaviours/context.ts";
import { loadSpec } from "../contract/spec.ts";
import { OBSERVED_MODELS } from "./observed.ts";

export const MODEL_KINDS = ["language", "embedding", "image", "video"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface ModelEntry {
  id: string;
  kind: ModelKind;
  /** Other names the model answers to (the `-latest` and undated names are added). */
  aliases?: readonly string[];
  /** Unix seconds. Default: the spec example's, or 1752019200. */
  created?: number;
}

export class ModelCatalogueError extends Error {}

/** Where each kind is listed, and the spec example that gives its models their other fields. */
const LIST_PATHS: Record<ModelKind, string> = {
  language: "/v1/language-models",
  embedding: "/v1/embedding-models",
  image: "/v1/image-generation-models",
  video: "/v1/video-generation-models",
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

function example(path: string): Json | undefined {
  return loadSpec().paths[path]?.get?.responses?.["200"]?.content?.["application/json"]?.example;
}

function exampleModels(kind: ModelKind): Json[] {
  const list = example(LIST_PATHS[kind])?.models;
  if (Array.isArray(list)) return list;
  const single = example(`${LIST_PATHS[kind]}/{model_id}`);
  return single ? [single] : [];
}

/** Kind of a model the spec lists only in /v1/models, by xAI's naming. */
function kindByName(id: string): ModelKind {
  if (/imagine-video|video/.test(id)) return "video";
  if (/image/.test(id)) return "image";
  if (/embed|^v\d+$/.test(id)) return "embedding";
  return "language";
}

/** The spec's models, in the order GET /v1/models lists them, then those only the per-kind lists name. */
function specEntries(): ModelEntry[] {
  const listed = new Map<string, ModelEntry>();
  for (const kind of MODEL_KINDS) {
    for (const model of exampleModels(kind)) {
      listed.set(model.id, { id: model.id, kind, aliases: model.aliases ?? [], created: model.created });
    }
  }
  const entries = new Map<string, ModelEntry>();
  for (const model of (example("/v1/models")?.data ?? []) as Json[]) {
    entries.set(model.id, listed.get(model.id) ?? { id: model.id, kind: kindByName(model.id), created: model.created });
  }
  for (const [id, entry] of listed) if (!entries.has(id)) entries.set(id, entry);
  return [...entries.values()];
}

/** The spec's models, then the observed ones it does not name (an observed entry adds its aliases to the spec's). */
function defaultEntries(): ModelEntry[] {
  const entries = new Map(specEntries().map((entry) => [entry.id, entry]));
  for (const { evidence: _, ...observed } of OBSERVED_MODELS) {
    const spec = entries.get(observed.id);
    entries.set(
      observed.id,
      spec ? { ...spec, aliases: [...new Set([...(spec.aliases ?? []), ...(observed.aliases ?? [])])] } : observed,
    );
  }
  return [...entries.values()];
}

function checkEntries(value: unknown, source: string): ModelEntry[] {
  const fail = (where: string, problem: string): never => {
    throw new ModelCatalogueError(`model catalogue ${source}: ${where}: ${problem}`);
  };
  if (!Array.isArray(value)) fail("top level", `expected an array of { "id", "kind", "aliases"? } entries`);
  const names = new Map<string, number>();
  (value as unknown[]).forEach((entry, index) => {
    const at = `entry ${index}`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) fail(at, "expected an object");
    const { id, kind, aliases, created } = entry as Record<string, unknown>;
    if (typeof id !== "string" || !NAME.test(id)) fail(at, `"id" must be a model name, got ${JSON.stringify(id)}`);
    const named = `${at} (${id})`;
    if (!MODEL_KINDS.includes(kind as ModelKind)) {
      fail(named, `"kind" must be one of ${MODEL_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
    }
    if (
      aliases !== undefined &&
      (!Array.isArray(aliases) || aliases.some((a) => typeof a !== "string" || !NAME.test(a)))
    ) {
      fail(named, `"aliases" must be an array of model names`);
    }
    if (created !== undefined && !(Number.isInteger(created) && (created as number) >= 0)) {
      fail(named, `"created" must be a non-negative integer (Unix seconds)`);
    }
    for (const name of [id as string, ...((aliases as string[] | undefined) ?? [])]) {
      const other = names.get(name);
      if (other !== undefined) fail(named, `the name "${name}" is already used by entry ${other}`);
      names.set(name, index);
    }
  });
  return value as ModelEntry[];
}

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

/** The names a model answers to besides its id. */
function derivedAliases(entry: ModelEntry): string[] {
  const undated = /^(.+)-\d{4}$/.exec(entry.id)?.[1];
  const bases = (undated ? [entry.id, undated] : [entry.id]).filter((base) => !/(^|-)latest$/.test(base));
  return [...new Set([...(entry.aliases ?? []), ...(undated ? [undated] : []), ...bases.map((b) => `${b}-latest`)])];
}

export type ModelLookup = { model: CatalogueModel } | { unknown: string };

export interface CatalogueModel {
  id: string;
  kind: ModelKind;
  aliases: string[];
  created: number;
}

export class ModelCatalogue {
  readonly models: readonly CatalogueModel[];
  readonly #byName = new Map<string, CatalogueModel>();

  constructor(entries: readonly ModelEntry[]) {
    this.models = entries.map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      aliases: derivedAliases(entry),
      created: entry.created ?? 1752019200,
    }));
    for (const model of this.models) {
      for (const name of [model.id, ...model.aliases]) if (!this.#byName.has(name)) this.#byName.set(name, model);
    }
  }

  /** The model a request's `model` names (an id or an alias), or undefined. */
  resolve(name: string): CatalogueModel | undefined {
    return this.#byName.get(name);
  }

  ofKind(kind: ModelKind): CatalogueModel[] {
    return this.models.filter((model) => model.kind === kind);
  }

  /**
   * The model object a kind's list/retrieve operation answers with: the spec's example for it, or one like it (the
   * fields the kind's schema requires, taken from the kind's first example) with a fingerprint of its own.
   */
  describe(model: CatalogueModel): Json {
    const examples = exampleModels(model.kind);
    const own = examples.find((e) => e.id === model.id);
    return {
      ...(own ?? { ...examples[0], fingerprint: fingerprintOf(model.id) }),
      id: model.id,
      created: model.created,
      object: "model",
      owned_by: "xai",
      aliases: model.aliases,
    };
  }

  /** The entry of GET /v1/models and GET /v1/models/{id}: what the `Model` schema requires. */
  summarize(model: CatalogueModel): Json {
    return { id: model.id, created: model.created, object: "model", owned_by: "xai", aliases: model.aliases };
  }
}

/** The catalogue for `option` (entries, a JSON file path, or undefined for the spec's models). */
export function loadCatalogue(option: string | readonly ModelEntry[] | undefined): ModelCatalogue {
  if (option === undefined) return new ModelCatalogue(defaultEntries());
  const entries =
    typeof option === "string" ? checkEntries(readEntries(option), option) : checkEntries(option, "(option)");
  if (entries.length === 0)
    throw new ModelCatalogueError(
      `model catalogue ${typeof option === "string" ? option : "(option)"}: it lists no model`,
    );
  return new ModelCatalogue(entries);
}

/** xAI's 404 for a model that does not exist (captured 2026; the team id is the mock's). */
export function unknownModelMessage(name: string): string {
  return `The model ${name} does not exist or your team ${MOCK_TEAM_ID} does not have access to it. If you believe this is a mistake, please contact support and quote your team ID and the model name.`;
}

/** xAI's 400 for a model of another kind (captured 2025-07 for an image model on chat completions). */
export function wrongKindMessage(model: CatalogueModel): string {
  return `The model ${model.id} is ${/^[aeiou]/.test(model.kind) ? "an" : "a"} ${model.kind} model and is therefore not available on this endpoint.`;
}

/** A stable `fp_` + 10 hex digits per model, shaped like xAI's fingerprints. */
function fingerprintOf(id: string): string {
  return `fp_${createHash("sha256").update(id).digest("hex").slice(0, 10)}`;
}

export const MOCK_TEAM_ID = "00000000-0000-4000-8000-000000000000";
