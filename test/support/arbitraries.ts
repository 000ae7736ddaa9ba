/**
 * JSON Schema (2020-12, as used by the effective OpenAPI 3.1 spec) → fast-check arbitraries of VALID values,
 * plus mutation arbitraries producing INVALID request bodies that name the offending field.
 *
 * Why our own and not a bridge: the only npm bridge, json-schema-fast-check 0.0.6 (one release, unmaintained),
 * depends on fast-check 1.x (our suite runs fast-check 4, whose arbitraries are not interchangeable), targets
 * draft-07 (no `prefixItems`, `unevaluatedProperties`, type arrays with "null" handled as plain unions) and cannot
 * guarantee `oneOf` exclusivity — a value matching two branches is INVALID, which the xAI spec hits in practice
 * (e.g. `EmbeddingInput`: `[]` matches both "array of strings" and "array of integers"). Here every `oneOf`
 * branch is filtered through Ajv against the whole `oneOf`, so generated values are valid by construction and
 * the unit test (test/support/arbitraries.test.ts) checks that claim against Ajv for every request schema.
 *
 * Sizes stay small on purpose (depth, array length, string length) so the property suite stays fast.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";

export type JsonSchema = boolean | { readonly [keyword: string]: any };

export interface GeneratorOptions {
  /** Object/array nesting beyond which only required properties and minimal arrays are generated. */
  readonly maxDepth?: number;
  readonly maxArrayLength?: number;
  readonly maxStringLength?: number;
}

export type MutationKind = "missing-required" | "wrong-type" | "out-of-range" | "unknown-enum";
export const mutationKinds: readonly MutationKind[] = [
  "missing-required",
  "wrong-type",
  "out-of-range",
  "unknown-enum",
];

export interface MutationTarget {
  readonly kind: MutationKind;
  /** Property names from the body root to the offending field (objects only, no array indices). */
  readonly path: readonly string[];
}

export interface InvalidBody {
  readonly kind: MutationKind;
  readonly path: readonly string[];
  /** The property the server must name in its error. */
  readonly field: string;
  readonly body: Record<string, unknown>;
}

/**
 * Whether `text` names `field` as a whole identifier (so field "n" is not found inside "problem"): how tests check
 * that an error points at the mutated field.
 */
export function namesField(text: string, field: string): boolean {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}([^A-Za-z0-9_]|$)`).test(text);
}

const SPEC_ID = "spec";
const HARD_DEPTH_LIMIT = 12;
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const jsonTypes = ["null", "boolean", "integer", "number", "string", "array", "object"] as const;
type JsonType = (typeof jsonTypes)[number];

function isObjectSchema(schema: unknown): schema is { readonly [keyword: string]: any } {
  return typeof schema === "object" && schema !== null;
}

/** Builds arbitraries for schemas inside one OpenAPI/JSON-Schema document (`$ref`s are resolved within it). */
export class SchemaArbitraries {
  readonly #document: object;
  readonly #ajv: Ajv2020;
  readonly #validators = new WeakMap<object, ValidateFunction>();
  readonly #cache = new Map<string, fc.Arbitrary<unknown>>();
  readonly #nodeIds = new WeakMap<object, number>();
  #nextNodeId = 0;
  readonly #maxDepth: number;
  readonly #maxArrayLength: number;
  readonly #maxStringLength: number;

  constructor(document: object, options: GeneratorOptions = {}) {
    this.#document = document;
    this.#maxDepth = options.maxDepth ?? 3;
    this.#maxArrayLength = options.maxArrayLength ?? 2;
    this.#maxStringLength = options.maxStringLength ?? 8;
    // Same dialect and formats as test/support/spec-validator.ts (which the unit test checks values against).
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(this.#ajv);
    this.#ajv.addFormat("int32", { type: "number", validate: (n: number) => n >= INT32.min && n <= INT32.max });
    this.#ajv.addFormat("iso3166-1-alpha-2", /^[A-Z]{2}$/);
    this.#ajv.addSchema(document, SPEC_ID);
  }

  /** A schema by JSON pointer inside the document, e.g. "#/components/schemas/ChatRequest". */
  schemaAt(pointer: string): JsonSchema {
    const segments = pointer.replace(/^#\/?/, "").split("/").filter(Boolean);
    let node: any = this.#document;
    for (const raw of segments) {
      const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      if (!isObjectSchema(node) || !(key in node)) throw new Error(`schema pointer ${pointer}: no "${key}"`);
      node = node[key];
    }
    return node;
  }

  /** Ajv (2020-12 + formats) validator for a schema node of this document. */
  validator(schema: JsonSchema): ValidateFunction {
    if (!isObjectSchema(schema)) return this.#ajv.compile(schema as any);
    let validate = this.#validators.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(rebaseRefs(schema) as object);
      this.#validators.set(schema, validate);
    }
    return validate;
  }

  /**
   * Arbitrary of values valid against `schema`. With `forcePath` the value is an object and every property named
   * along the path is present and itself an object (so a mutation can be applied below it).
   */
  valid(schema: JsonSchema, forcePath?: readonly string[]): fc.Arbitrary<unknown> {
    return this.#arbitrary(schema, 0, forcePath);
  }

  /** Every place where a mutation of `kind` can be applied, walking object properties from the root. */
  mutationTargets(schema: JsonSchema, kind: MutationKind): MutationTarget[] {
    const targets: MutationTarget[] = [];
    const visit = (node: JsonSchema, path: string[], seen: Set<object>) => {
      const object = this.#asObject(node);
      if (!object || seen.has(object) || path.length > this.#maxDepth) return;
      const nextSeen = new Set(seen).add(object);
      const properties: Record<string, JsonSchema> = object.properties ?? {};
      const required: string[] = object.required ?? [];
      if (kind === "missing-required") for (const name of required) targets.push({ kind, path: [...path, name] });
      for (const [name, property] of Object.entries(properties)) {
        const single = this.#nonNull(property);
        if (single && this.#mutationApplies(kind, single)) targets.push({ kind, path: [...path, name] });
        if (single) visit(single, [...path, name], nextSeen);
      }
    };
    visit(schema, [], new Set());
    return targets;
  }

  /** Arbitrary of bodies that are valid except for `target`'s mutation. */
  invalidAt(schema: JsonSchema, target: MutationTarget): fc.Arbitrary<InvalidBody> {
    const { kind, path } = target;
    const parentPath = path.slice(0, -1);
    const field = path.at(-1)!;
    const fieldSchema = this.#nonNull(this.#propertySchema(schema, path))!;
    return this.valid(schema, parentPath).map((value) => {
      const body = structuredClone(value) as Record<string, unknown>;
      const parent = parentPath.reduce<any>((node, key) => node[key], body);
      if (kind === "missing-required") delete parent[field];
      else parent[field] = this.#invalidValue(kind, fieldSchema);
      return { kind, path, field, body };
    });
  }

  #mutationApplies(kind: MutationKind, schema: { readonly [keyword: string]: any }): boolean {
    switch (kind) {
      case "missing-required":
        return false;
      case "wrong-type":
        return this.#wrongTypeValue(schema) !== undefined;
      case "out-of-range":
        return (
          this.#declaredTypes(schema)?.some((type) => type === "number" || type === "integer") === true &&
          [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum].some(
            (bound) => typeof bound === "number",
          )
        );
      case "unknown-enum":
        return Array.isArray(schema.enum) && schema.enum.some((member: unknown) => typeof member === "string");
    }
  }

  #invalidValue(kind: MutationKind, schema: { readonly [keyword: string]: any }): unknown {
    if (kind === "unknown-enum") return "not-a-listed-value";
    if (kind === "out-of-range") {
      const step = this.#declaredTypes(schema)?.includes("number") ? 0.5 : 1;
      if (typeof schema.maximum === "number") return schema.maximum + step;
      if (typeof schema.exclusiveMaximum === "number") return schema.exclusiveMaximum;
      if (typeof schema.minimum === "number") return schema.minimum - step;
      return schema.exclusiveMinimum;
    }
    return this.#wrongTypeValue(schema);
  }

  /** A value of a JSON type the schema does not admit (undefined when it admits every type). */
  #wrongTypeValue(schema: { readonly [keyword: string]: any }): unknown {
    const types = this.#declaredTypes(schema);
    if (!types) return undefined;
    const candidates: [JsonType, unknown][] = [
      ["boolean", true],
      ["string", "wrong-type"],
      ["object", { wrong: "type" }],
      ["array", ["wrong-type"]],
      ["number", 1.5],
    ];
    return candidates.find(([type]) => !types.includes(type))?.[1];
  }

  /** Types the schema (or its enum/const) admits; undefined when unconstrained. */
  #declaredTypes(schema: { readonly [keyword: string]: any }): JsonType[] | undefined {
    if (typeof schema.type === "string") return [schema.type as JsonType];
    if (Array.isArray(schema.type)) return schema.type as JsonType[];
    const members: unknown[] | undefined = "const" in schema ? [schema.const] : schema.enum;
    return members ? [...new Set(members.map(jsonTypeOf))] : undefined;
  }

  #propertySchema(schema: JsonSchema, path: readonly string[]): JsonSchema {
    return path.reduce<JsonSchema>((node, key) => {
      const object = this.#asObject(node);
      const property = object?.properties?.[key];
      if (property === undefined) throw new Error(`no property "${key}" on the path ${path.join(".")}`);
      return this.#nonNull(property) ?? property;
    }, schema);
  }

  /** The schema with `$ref`s followed and `allOf` merged; undefined unless it describes objects. */
  #asObject(schema: JsonSchema): { readonly [keyword: string]: any } | undefined {
    const resolved = this.#flatten(schema);
    if (!isObjectSchema(resolved)) return undefined;
    const types = this.#declaredTypes(resolved);
    return resolved.properties && (!types || types.includes("object")) ? resolved : undefined;
  }

  /** For "T | null" (type array or `oneOf` with a null branch) returns T, for plain schemas the schema itself. */
  #nonNull(schema: JsonSchema): { readonly [keyword: string]: any } | undefined {
    const resolved = this.#flatten(schema);
    if (!isObjectSchema(resolved)) return undefined;
    const branches: JsonSchema[] | undefined = resolved.oneOf ?? resolved.anyOf;
    if (branches) {
      const nonNull = branches.filter((branch) => this.#declaredTypes(this.#flattenObject(branch))?.join() !== "null");
      return nonNull.length === 1 ? this.#nonNull(nonNull[0]!) : undefined;
    }
    if (Array.isArray(resolved.type) && resolved.type.includes("null")) {
      const rest = resolved.type.filter((type: string) => type !== "null");
      return { ...resolved, type: rest.length === 1 ? rest[0] : rest };
    }
    return resolved;
  }

  #flattenObject(schema: JsonSchema): { readonly [keyword: string]: any } {
    const flat = this.#flatten(schema);
    return isObjectSchema(flat) ? flat : {};
  }

  /** Follows `$ref` and merges `allOf` into one schema (properties and required united). */
  #flatten(schema: JsonSchema): JsonSchema {
    if (!isObjectSchema(schema)) return schema;
    if (typeof schema.$ref === "string") {
      const { $ref, ...siblings } = schema;
      const target = this.#flatten(this.schemaAt($ref));
      return Object.keys(siblings).length === 0 ? target : mergeSchemas(target, siblings);
    }
    if (Array.isArray(schema.allOf)) {
      const { allOf, ...rest } = schema;
      return (allOf as JsonSchema[]).map((member) => this.#flatten(member)).reduce(mergeSchemas, rest);
    }
    return schema;
  }

  #arbitrary(schema: JsonSchema, depth: number, forcePath: readonly string[] | undefined): fc.Arbitrary<unknown> {
    if (depth > HARD_DEPTH_LIMIT) throw new Error("schema recursion through required properties is unbounded");
    if (schema === true) return this.#anyJson();
    if (schema === false) throw new Error("cannot generate a value for the schema `false`");
    const key = `${this.#nodeId(schema)}|${Math.min(depth, this.#maxDepth)}|${forcePath?.join(".") ?? "-"}`;
    let arbitrary = this.#cache.get(key);
    if (!arbitrary) {
      arbitrary = this.#build(schema, depth, forcePath);
      this.#cache.set(key, arbitrary);
    }
    return arbitrary;
  }

  #nodeId(schema: object): number {
    let id = this.#nodeIds.get(schema);
    if (id === undefined) {
      id = this.#nextNodeId++;
      this.#nodeIds.set(schema, id);
    }
    return id;
  }

  #build(
    raw: { readonly [keyword: string]: any },
    depth: number,
    forcePath: readonly string[] | undefined,
  ): fc.Arbitrary<unknown> {
    const schema = this.#flatten(raw);
    if (!isObjectSchema(schema)) return this.#arbitrary(schema, depth, forcePath);
    if ("const" in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
    const branches: JsonSchema[] | undefined = schema.oneOf ?? schema.anyOf;
    if (branches) return this.#branches(raw, schema, branches, depth, forcePath);

    let types = this.#declaredTypes(schema) ?? inferTypes(schema);
    if (forcePath) types = types.filter((type) => type === "object");
    const arbitraries = types.map((type) => this.#ofType(type, schema, depth, forcePath));
    if (arbitraries.length === 0) throw new Error(`no type left to generate for ${JSON.stringify(schema)}`);
    return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
  }

  /** `oneOf`/`anyOf`: generate from one branch, keep only values valid against the whole node. */
  #branches(
    raw: { readonly [keyword: string]: any },
    schema: { readonly [keyword: string]: any },
    branches: JsonSchema[],
    depth: number,
    forcePath: readonly string[] | undefined,
  ): fc.Arbitrary<unknown> {
    const { oneOf: _oneOf, anyOf: _anyOf, ...base } = schema;
    const candidates = branches
      .map((branch) => mergeSchemas(base, this.#flattenObject(branch)))
      .filter((branch) => !forcePath || this.#declaredTypes(this.#flattenObject(branch))?.join() !== "null");
    const validate = this.validator(raw);
    const accepted = (value: unknown) => validate(value) === true;
    // Branches that (almost) never yield an exclusive match are dropped up front, so the filter cannot spin.
    const viable = candidates
      .map((branch) => this.#arbitrary(branch, depth, forcePath))
      .filter((arbitrary) => fc.sample(arbitrary, { numRuns: 20, seed: 7 }).some(accepted))
      .map((arbitrary) => arbitrary.filter(accepted));
    if (viable.length === 0)
      throw new Error(`no branch of ${JSON.stringify(schema).slice(0, 200)} yields valid values`);
    return viable.length === 1 ? viable[0]! : fc.oneof(...viable);
  }

  #ofType(
    type: JsonType,
    schema: { readonly [keyword: string]: any },
    depth: number,
    forcePath: readonly string[] | undefined,
  ): fc.Arbitrary<unknown> {
    switch (type) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
        return fc.integer(integerBounds(schema));
      case "number":
        return numberArbitrary(schema);
      case "string":
        return this.#string(schema);
      case "array":
        return this.#array(schema, depth);
      case "object":
        return this.#object(schema, depth, forcePath);
    }
  }

  #string(schema: { readonly [keyword: string]: any }): fc.Arbitrary<string> {
    switch (schema.format) {
      case "date":
        return fc
          .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
          .map((date) => date.toISOString().slice(0, 10));
      case "date-time":
        return fc
          .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
          .map((date) => date.toISOString());
      case "uri":
      case "url":
        return fc.webUrl();
      case "email":
        return fc.emailAddress();
      case "uuid":
        return fc.uuid();
      case "iso3166-1-alpha-2":
        return fc.constantFrom("US", "GB", "DE", "FR", "JP", "BR");
    }
    if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern));
    const minLength = schema.minLength ?? 0;
    return fc.string({
      minLength,
      maxLength: Math.max(minLength, Math.min(schema.maxLength ?? Infinity, this.#maxStringLength)),
    });
  }

  #array(schema: { readonly [keyword: string]: any }, depth: number): fc.Arbitrary<unknown[]> {
    const prefix: JsonSchema[] = schema.prefixItems ?? [];
    const minItems = Math.max(schema.minItems ?? 0, 0);
    const limit = depth >= this.#maxDepth ? minItems : Math.max(minItems, this.#maxArrayLength);
    const maxItems = Math.min(schema.maxItems ?? Infinity, limit);
    const head = fc.tuple(...prefix.map((item) => this.#arbitrary(item, depth + 1, undefined)));
    const restSchema: JsonSchema = schema.items ?? true;
    if (restSchema === false || maxItems <= prefix.length) return head;
    const rest = fc.array(this.#arbitrary(restSchema, depth + 1, undefined), {
      minLength: Math.max(minItems - prefix.length, 0),
      maxLength: maxItems - prefix.length,
    });
    return fc.tuple(head, rest).map(([first, more]) => [...first, ...more]);
  }

  #object(
    schema: { readonly [keyword: string]: any },
    depth: number,
    forcePath: readonly string[] | undefined,
  ): fc.Arbitrary<Record<string, unknown>> {
    const properties: Record<string, JsonSchema> = schema.properties ?? {};
    const [forced, ...forcedRest] = forcePath ?? [];
    if (forced !== undefined && !(forced in properties)) throw new Error(`cannot force missing property "${forced}"`);
    const required = new Set<string>(schema.required ?? []);
    if (forced !== undefined) required.add(forced);
    const shallow = depth >= this.#maxDepth;
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, property] of Object.entries(properties)) {
      if (shallow && !required.has(name)) continue;
      model[name] = this.#arbitrary(property, depth + 1, name === forced ? forcedRest : undefined);
    }
    const declared = fc.record(model, { requiredKeys: [...required].filter((name) => name in model) });
    const extra = this.#additional(schema, depth);
    if (!extra) return declared;
    return fc.tuple(extra, declared).map(([more, known]) => ({ ...more, ...known }));
  }

  /** Keys beyond `properties`, only when `additionalProperties` is a schema and `propertyNames` admits strings. */
  #additional(
    schema: { readonly [keyword: string]: any },
    depth: number,
  ): fc.Arbitrary<Record<string, unknown>> | undefined {
    const additional: JsonSchema | undefined = schema.additionalProperties;
    if (!isObjectSchema(additional) || depth >= this.#maxDepth) return undefined;
    const names = isObjectSchema(schema.propertyNames) ? this.#flattenObject(schema.propertyNames) : {};
    // Property names are strings; a `propertyNames` that demands another type admits only the empty object.
    if (this.#declaredTypes(names)?.includes("string") === false) return undefined;
    const known = new Set(Object.keys(schema.properties ?? {}));
    const key = this.#string({ minLength: 1, maxLength: 6, ...names }).filter(
      (name) => !known.has(name) && name !== "__proto__",
    );
    return fc.dictionary(key, this.#arbitrary(additional, depth + 1, undefined), { maxKeys: this.#maxArrayLength });
  }

  #anyJson(): fc.Arbitrary<unknown> {
    return fc.jsonValue({ maxDepth: 1 });
  }
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

/** An untyped schema: infer from its keywords, or allow any small JSON value. */
function inferTypes(schema: { readonly [keyword: string]: any }): JsonType[] {
  if (schema.properties || schema.additionalProperties || schema.required) return ["object"];
  if (schema.items || schema.prefixItems) return ["array"];
  return ["null", "boolean", "integer", "string"];
}

function integerBounds(schema: { readonly [keyword: string]: any }): { min: number; max: number } {
  const format = schema.format === "int32" ? INT32 : { min: -1_000_000, max: 1_000_000 };
  let min = Math.max(format.min, schema.minimum ?? -Infinity);
  let max = Math.min(format.max, schema.maximum ?? Infinity);
  if (typeof schema.exclusiveMinimum === "number") min = Math.max(min, Math.floor(schema.exclusiveMinimum) + 1);
  if (typeof schema.exclusiveMaximum === "number") max = Math.min(max, Math.ceil(schema.exclusiveMaximum) - 1);
  // Small values keep generated requests cheap for the mock (e.g. `n` completions); the bounds stay honoured.
  return { min: Math.max(min, Math.min(max, 0) - 100), max: Math.min(max, Math.max(min, 0) + 100) };
}

function numberArbitrary(schema: { readonly [keyword: string]: any }): fc.Arbitrary<number> {
  const min = Math.max(
    schema.minimum ?? -1000,
    typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : -Infinity,
  );
  const max = Math.min(
    schema.maximum ?? 1000,
    typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : Infinity,
  );
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .filter(
      (value) =>
        !Object.is(value, -0) &&
        (typeof schema.exclusiveMinimum !== "number" || value > schema.exclusiveMinimum) &&
        (typeof schema.exclusiveMaximum !== "number" || value < schema.exclusiveMaximum),
    );
}

/** Shallow merge for `allOf`/`$ref` siblings: properties merged per name, required and type constraints united. */
function mergeSchemas(left: JsonSchema, right: JsonSchema): JsonSchema {
  if (!isObjectSchema(left)) return right;
  if (!isObjectSchema(right)) return left;
  const merged: Record<string, any> = { ...left, ...right };
  if (left.properties && right.properties) {
    merged.properties = { ...left.properties };
    for (const [name, schema] of Object.entries(right.properties as Record<string, JsonSchema>)) {
      merged.properties[name] = name in left.properties ? { allOf: [left.properties[name], schema] } : schema;
    }
  }
  if (left.required || right.required)
    merged.required = [...new Set([...(left.required ?? []), ...(right.required ?? [])])];
  if (left.type !== undefined && right.type !== undefined) {
    const leftTypes = [left.type].flat();
    const both = [right.type].flat().filter((type) => leftTypes.includes(type));
    merged.type = both.length === 1 ? both[0] : both;
  }
  return merged;
}

/** Rewrites document-local `$ref`s ("#/…") to point into the document registered under SPEC_ID. */
function rebaseRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebaseRefs);
  if (!isObjectSchema(schema as JsonSchema)) return schema;
  return Object.fromEntries(
    Object.entries(schema as object).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith("#") ? `${SPEC_ID}${value}` : rebaseRefs(value),
    ]),
  );
}
