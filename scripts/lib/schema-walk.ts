/**
 * Just enough JSON Schema to line a value up with its schema: follow $refs, merge `allOf`, pick the
 * `oneOf`/`anyOf` branch a value belongs to, and list an object's declared properties. Validity is
 * decided by the linter (Redocly's Ajv); this only steers the example rule to the right schema node.
 */
import { childPointer, nodeAt } from "./json-pointer.ts";

type Json = Record<string, any>;

/** A schema node and the JSON pointer where it lives (after following $refs). */
export interface SchemaAt {
  node: Json;
  pointer: string;
  /** Siblings of the `$ref` that led here (`default`, `description`, …), outermost first. */
  via: Json[];
}

export interface ObjectView {
  properties: Map<string, SchemaAt>;
  required: Set<string>;
  /** What an undeclared property is checked against; undefined when it is forbidden. */
  extra?: SchemaAt | "any";
}

const child = (at: SchemaAt, ...tokens: (string | number)[]): string => childPointer(at.pointer, ...tokens);

export class SchemaWalker {
  constructor(private readonly spec: Json) {}

  resolve(node: unknown, pointer: string): SchemaAt {
    const via: Json[] = [];
    let current = (node ?? {}) as Json;
    let where = pointer;
    for (let hops = 0; typeof current.$ref === "string" && current.$ref.startsWith("#") && hops < 64; hops++) {
      via.push(current);
      where = current.$ref;
      current = (nodeAt(this.spec, current.$ref) ?? {}) as Json;
    }
    return { node: current, pointer: where, via };
  }

  /** The value a schema pins (`const`, a one-value `enum`), if any. */
  static pinned(schema: Json): { value: unknown } | undefined {
    if ("const" in schema) return { value: schema.const };
    if (Array.isArray(schema.enum) && schema.enum.length === 1) return { value: schema.enum[0] };
    return undefined;
  }

  /** Members of `allOf`, resolved. */
  allOf(at: SchemaAt): SchemaAt[] {
    return Array.isArray(at.node.allOf)
      ? at.node.allOf.map((member: unknown, i: number) => this.resolve(member, child(at, "allOf", i)))
      : [];
  }

  /** Branches of `oneOf`/`anyOf`, resolved. */
  branches(at: SchemaAt): SchemaAt[] {
    const keyword = Array.isArray(at.node.oneOf) ? "oneOf" : Array.isArray(at.node.anyOf) ? "anyOf" : undefined;
    return keyword
      ? at.node[keyword].map((member: unknown, i: number) => this.resolve(member, child(at, keyword, i)))
      : [];
  }

  /** JSON types the schema admits, or undefined when it does not say (composites decide per branch). */
  types(at: SchemaAt): Set<string> | undefined {
    const { node } = at;
    let types: string[] | undefined;
    if (typeof node.type === "string") types = [node.type];
    else if (Array.isArray(node.type)) types = node.type;
    else if (node.properties || node.required) types = ["object"];
    else if (node.items || node.prefixItems) types = ["array"];
    const pinned = SchemaWalker.pinned(node);
    if (!types && pinned) types = [jsonType(pinned.value)];
    if (!types && Array.isArray(node.enum)) types = [...new Set(node.enum.map(jsonType))];
    if (!types) {
      const branches = this.branches(at);
      const members = this.allOf(at);
      const parts = [...branches, ...members].map((b) => this.types(b));
      if (parts.length > 0 && parts.every(Boolean)) {
        types =
          members.length > 0 && branches.length === 0
            ? intersect(parts as Set<string>[])
            : union(parts as Set<string>[]);
      }
    }
    if (!types) return undefined;
    const set = new Set(types);
    if (set.has("number")) set.add("integer");
    return set;
  }

  admitsType(value: unknown, at: SchemaAt): boolean {
    const types = this.types(at);
    return !types || types.has(jsonType(value));
  }

  /** Declared properties, required names and the rule for undeclared ones, merged over `allOf`. */
  objectView(at: SchemaAt, branch?: SchemaAt): ObjectView {
    const view: ObjectView = { properties: new Map(), required: new Set() };
    const add = (part: SchemaAt) => {
      const { node } = part;
      for (const [name, schema] of Object.entries<Json>(node.properties ?? {})) {
        if (!view.properties.has(name))
          view.properties.set(name, this.resolve(schema, child(part, "properties", name)));
      }
      for (const name of node.required ?? []) view.required.add(name);
      for (const keyword of ["additionalProperties", "unevaluatedProperties"] as const) {
        const extra = node[keyword];
        if (extra === true || (extra && typeof extra === "object" && Object.keys(extra).length === 0))
          view.extra = "any";
        else if (extra && typeof extra === "object" && view.extra === undefined) {
          view.extra = this.resolve(extra, child(part, keyword));
        }
      }
      for (const member of this.allOf(part)) add(member);
    };
    add(at);
    if (branch) add(branch);
    return view;
  }

  /**
   * The `oneOf`/`anyOf` branch `value` belongs to: one whose type admits it, whose pinned properties
   * (`type: {const: "message"}`) match, and which declares most of its keys and misses fewest required ones.
   */
  chooseBranch(value: unknown, at: SchemaAt): SchemaAt | undefined {
    let best: { branch: SchemaAt; score: number } | undefined;
    for (const branch of this.branches(at)) {
      const score = this.fit(value, branch);
      if (score > Number.NEGATIVE_INFINITY && (!best || score > best.score)) best = { branch, score };
    }
    return best?.branch;
  }

  /** How well `value` fits `at` (higher is better); -Infinity when its type or a pinned property excludes it. */
  private fit(value: unknown, at: SchemaAt): number {
    if (!this.admitsType(value, at)) return Number.NEGATIVE_INFINITY;
    const pinned = SchemaWalker.pinned(at.node);
    if (pinned) return pinned.value === value ? 1000 : Number.NEGATIVE_INFINITY;
    if (Array.isArray(at.node.enum)) return at.node.enum.includes(value) ? 500 : Number.NEGATIVE_INFINITY;
    const nested = this.branches(at);
    if (nested.length > 0) {
      const inner = this.chooseBranch(value, at);
      return inner ? this.fit(value, inner) : Number.NEGATIVE_INFINITY;
    }
    if (!isObject(value)) return 0;
    const view = this.objectView(at);
    let score = 0;
    for (const [name, property] of view.properties) {
      if (!(name in value)) {
        if (view.required.has(name)) score -= 1;
        continue;
      }
      const tag = SchemaWalker.pinned(property.node);
      if (tag) {
        if (tag.value !== value[name]) return Number.NEGATIVE_INFINITY;
        score += 100;
      } else if (this.admitsType(value[name], property)) score += 2;
    }
    for (const name of Object.keys(value)) if (!view.properties.has(name) && view.extra === undefined) score -= 3;
    return score;
  }
}

export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

export function isObject(value: unknown): value is Json {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

function union(sets: Set<string>[]): string[] {
  return [...new Set(sets.flatMap((s) => [...s]))];
}

function intersect(sets: Set<string>[]): string[] {
  return [...sets[0]!].filter((t) => sets.every((s) => s.has(t) || (t === "integer" && s.has("number"))));
}
