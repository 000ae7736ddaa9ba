/**
 * A JSON value that fits a caller's JSON Schema — for structured outputs (`response_format: json_schema`,
 * `text.format`) and tool-call arguments. Deterministic (the same schema gives the same value) and readable: the
 * schema's own `examples`/`default`/`enum` first, then values chosen by property name and `format`. json-schema-
 * faker (Prism's dynamic mode) fills strings with lorem ipsum and needs a seeded RNG per call; the fast-check
 * arbitraries in test/ produce random junk on purpose. This covers the keywords structured outputs allow.
 */
type Schema = Record<string, any>;

const MAX_DEPTH = 8;

/** Values a person would write, keyed by what the property is called. */
const BY_NAME: [RegExp, string][] = [
  [/email/i, "ada.lovelace@analytical.engine"],
  [/url|link|website|homepage/i, "https://x.ai"],
  [/first_?name/i, "Ada"],
  [/last_?name|surname/i, "Lovelace"],
  [/name|author|user/i, "Ada Lovelace"],
  [/city|location|place|address/i, "San Francisco"],
  [/country/i, "France"],
  [/capital/i, "Paris"],
  [/language|lang/i, "English"],
  [/color|colour/i, "blue"],
  [/unit/i, "celsius"],
  [/title|headline|subject/i, "The Analytical Engine"],
  [/summary|description|answer|text|content|reason|explanation|message|comment|note/i, "A clear, short answer."],
  [/date/i, "2026-01-15"],
  [/time/i, "2026-01-15T09:30:00Z"],
  [/phone/i, "+1 415 555 0100"],
  [/id$/i, "item-1"],
  [/status|state/i, "active"],
  [/category|type|kind|genre/i, "general"],
];

const BY_FORMAT: Record<string, string> = {
  "date-time": "2026-01-15T09:30:00Z",
  date: "2026-01-15",
  time: "09:30:00",
  email: "ada.lovelace@analytical.engine",
  uri: "https://x.ai",
  url: "https://x.ai",
  hostname: "api.x.ai",
  ipv4: "192.0.2.10",
  ipv6: "2001:db8::10",
  uuid: "3f6c2a4e-8b1d-4c7e-9a2f-5d0e1b7c9a31",
};

function resolveRef(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === "string" && hops < 16; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith("#")) return {};
    let target: unknown = root;
    for (const part of ref.slice(1).split("/").filter(Boolean)) {
      target = (target as Schema | undefined)?.[decodeURIComponent(part.replaceAll("~1", "/").replaceAll("~0", "~"))];
    }
    const { $ref: _ref, ...rest } = current;
    current = { ...((target as Schema) ?? {}), ...rest };
  }
  return current;
}

function mergeAllOf(schema: Schema, root: Schema): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  const merged: Schema = { ...rest, properties: { ...rest.properties }, required: [...(rest.required ?? [])] };
  for (const part of allOf as Schema[]) {
    const resolved = mergeAllOf(resolveRef(part, root), root);
    for (const [key, value] of Object.entries(resolved)) if (!(key in merged)) merged[key] = value;
    Object.assign(merged.properties, resolved.properties, { ...merged.properties });
    merged.required.push(...(resolved.required ?? []));
  }
  return merged;
}

function primaryType(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type)
    ? (schema.type.find((t: string) => t !== "null") ?? schema.type[0])
    : schema.type;
  if (type) return type;
  if (schema.properties || schema.required || schema.additionalProperties) return "object";
  if (schema.items || schema.prefixItems) return "array";
  if (schema.minimum !== undefined || schema.maximum !== undefined) return "number";
  if (schema.minLength !== undefined || schema.pattern || schema.format) return "string";
  return undefined;
}

function sampleString(schema: Schema, name: string): string {
  let value = BY_FORMAT[schema.format] ?? BY_NAME.find(([pattern]) => pattern.test(name))?.[1] ?? "Paris";
  if (schema.pattern) {
    try {
      const pattern = new RegExp(schema.pattern, "u");
      if (!pattern.test(value))
        value = ["Paris", "item-1", "ABC", "abc", "a1", "1", "2026-01-15"].find((c) => pattern.test(c)) ?? value;
    } catch {
      // a pattern JavaScript cannot compile: keep the readable value
    }
  }
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  while (value.length < min) value += value.length === 0 ? "a" : ` ${value}`.slice(0, min - value.length);
  return value.length > max ? value.slice(0, max) : value;
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const low = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : schema.minimum;
  const high = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 0.5) : schema.maximum;
  let value = integer ? 3 : 4.5;
  if (low !== undefined && value < low) value = integer ? Math.ceil(low) : low;
  if (high !== undefined && value > high) value = integer ? Math.floor(high) : high;
  if (schema.multipleOf) value = Math.max(Math.ceil((low ?? 0) / schema.multipleOf), 1) * schema.multipleOf;
  return value;
}

function sample(input: Schema | boolean, root: Schema, name: string, depth: number): unknown {
  if (input === true || input === undefined) return sampleString({}, name);
  if (input === false) return null;
  const schema = mergeAllOf(resolveRef(input, root), root);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return schema.enum.find((v: unknown) => v !== null) ?? schema.enum[0];
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    const branch = branches.find((b) => resolveRef(b, root).type !== "null") ?? branches[0]!;
    const { oneOf: _o, anyOf: _a, ...rest } = schema;
    return sample({ ...rest, ...resolveRef(branch, root) }, root, name, depth);
  }
  if (depth > MAX_DEPTH) return null;
  switch (primaryType(schema)) {
    case "object": {
      const value: Record<string, unknown> = {};
      const properties: Record<string, Schema> = schema.properties ?? {};
      for (const [key, property] of Object.entries(properties)) value[key] = sample(property, root, key, depth + 1);
      for (const key of schema.required ?? []) if (!(key in value)) value[key] = sampleString({}, key);
      return value;
    }
    case "array": {
      const prefix: Schema[] = schema.prefixItems ?? [];
      const length = Math.min(
        Math.max(schema.minItems ?? 1, prefix.length, 1),
        schema.maxItems ?? 2,
        Math.max(prefix.length, 2),
      );
      return Array.from({ length }, (_, i) =>
        sample(prefix[i] ?? schema.items ?? {}, root, name.replace(/s$/, ""), depth + 1),
      );
    }
    case "integer":
      return sampleNumber(schema, true);
    case "number":
      return sampleNumber(schema, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return sampleString(schema, name);
  }
}

/** A value for `schema` (its `$ref`s resolve inside it); `name` hints at what it describes. */
export function sampleFromSchema(schema: unknown, name = "value"): unknown {
  if (schema === null || typeof schema !== "object") return {};
  return sample(schema as Schema, schema as Schema, name, 0);
}
