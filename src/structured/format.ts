import { type JsonSchema, toJsonSchema } from "../schema/json-schema.ts";
import type { OutputFormat } from "./types.ts";

/** The `json_schema` format both APIs take (chat nests it in `response_format`, the Responses API in `text`). */
export interface JsonSchemaFormat {
  name: string;
  description?: string;
  strict: boolean;
  schema: JsonSchema;
}

/** Resolves `format` at the call, so a schema that cannot be sent throws SchemaError before anything loads or is sent. */
export function jsonSchemaFormat({ schema, jsonSchema, name = "response", description, strict = true }: OutputFormat) {
  const resolved: JsonSchemaFormat = {
    name,
    strict,
    schema: toJsonSchema(schema, jsonSchema, `parse() format "${name}"`),
  };
  if (description !== undefined) resolved.description = description;
  return resolved;
}
