import type { JsonSchema, SchemaInput } from "../schema/json-schema.ts";

/** The structured output asked of `parse`: the schema the answer must match, and how it is named to the model. */
export interface OutputFormat<T = unknown> {
  /** A Standard Schema validator (zod, valibot, arktype, …) or a plain JSON Schema. */
  schema: SchemaInput<T>;
  /** The JSON Schema to send, for a validator without a JSON Schema export of its own (e.g. plain valibot). */
  jsonSchema?: JsonSchema | undefined;
  /** The format's name, default `"response"`. */
  name?: string | undefined;
  description?: string | undefined;
  /** Ask for strict schema adherence, default true. */
  strict?: boolean | undefined;
}

/** What `parse` resolves to: the validated value and the API's answer it came from, unchanged. */
export interface Parsed<T, Response> {
  parsed: T;
  response: Response;
}

/** A value still arriving: every property optional, at every depth. */
export type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
