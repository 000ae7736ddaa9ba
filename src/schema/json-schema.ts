import { SchemaError } from "../core/errors.ts";
import type { StandardJSONSchemaV1, StandardSchemaV1 } from "./standard-schema.ts";

/** A JSON Schema document, as sent to the API. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * What `parse` and `tool` accept as a schema: a Standard Schema validator (zod, valibot, arktype, …) whose output
 * type becomes the result's type, or a plain JSON Schema (the result is then `unknown` unless a type is given).
 */
export type SchemaInput<T = unknown> = StandardSchemaV1<unknown, T> | JsonSchema;

function isStandardSchema(schema: unknown): schema is StandardSchemaV1 {
  // arktype's types are functions.
  return (typeof schema === "object" || typeof schema === "function") && schema !== null && "~standard" in schema;
}

/**
 * The JSON Schema to send for `schema`: `explicit` when given, the schema itself when it is JSON Schema, otherwise
 * the validator's own Standard JSON Schema export of its output type — as openai-node and the AI SDK send: every
 * field required, no extra properties, which the validator then accepts as input. Throws SchemaError naming `what`
 * when there is none or the validator cannot express the schema (a transform: pass the input's as `explicit`).
 */
export function toJsonSchema(schema: SchemaInput, explicit: JsonSchema | undefined, what: string): JsonSchema {
  if (explicit !== undefined || !isStandardSchema(schema)) return requireObject(explicit ?? schema, what);
  const { vendor, jsonSchema } = schema["~standard"] as Partial<StandardJSONSchemaV1.Props>;
  if (typeof jsonSchema?.output !== "function") {
    // zod ≥ 4.2 and arktype implement Standard JSON Schema; valibot through its to-json-schema package.
    throw new SchemaError(
      `${what}: this ${vendor} schema has no JSON Schema export: pass \`jsonSchema\` (valibot: wrap it in toStandardJsonSchema())`,
    );
  }
  let converted: Record<string, unknown>;
  try {
    converted = jsonSchema.output({ target: "draft-2020-12" });
  } catch (cause) {
    const reason = (cause as Error)?.message ?? cause;
    throw new SchemaError(`${what}: ${vendor} cannot express this schema as JSON Schema: ${reason}`, { cause });
  }
  // The dialect tag is metadata the API does not need; openai-node and the AI SDK send none either.
  const { $schema: _dialect, ...document } = requireObject(converted, what);
  return document;
}

function requireObject(value: unknown, what: string): JsonSchema {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SchemaError(`${what}: a JSON Schema must be an object, got ${Array.isArray(value) ? "an array" : value}`);
  }
  return value as JsonSchema;
}
