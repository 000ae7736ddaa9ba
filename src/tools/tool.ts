import { SchemaError, XaiError } from "../core/errors.ts";
import { type JsonSchema, type SchemaInput, toJsonSchema } from "../schema/json-schema.ts";

/** What a tool's `execute` gets besides its arguments. */
export interface ToolContext {
  /** Fires when the run is aborted (the caller's signal, or the loop left early): stop work and settle. */
  signal: AbortSignal;
  /** The model's id for this call. */
  callId: string;
}

export interface ToolDefinition<Args, Output> {
  /** The function name the model calls: letters, digits, `_` and `-`, at most 64. */
  name: string;
  /** When and how to use it, for the model. */
  description?: string | undefined;
  /**
   * The arguments: a Standard Schema validator (zod, valibot, arktype, …; the model's arguments are validated with
   * it and `execute` gets its output type) or a plain JSON Schema (arguments unchecked, typed by `tool<Args>()`).
   */
  parameters: SchemaInput<Args>;
  /** The JSON Schema to send, for a validator without a JSON Schema export of its own (e.g. plain valibot). */
  jsonSchema?: JsonSchema | undefined;
  /** Runs the call. A string result is sent to the model as is, anything else as JSON; a throw is sent as an error. */
  execute(args: Args, context: ToolContext): Output | Promise<Output>;
}

/** A tool `runTools` can call: its definition, with `jsonSchema` resolved at definition time. */
export interface Tool<Args = any, Output = unknown> extends ToolDefinition<Args, Output> {
  readonly jsonSchema: JsonSchema;
}

const NAME = /^[\w-]{1,64}$/;

/**
 * Defines a tool for `runTools`; `execute`'s argument type is inferred from `parameters`. Throws SchemaError when the
 * schema cannot be sent as JSON Schema or does not describe an object, XaiError for an invalid name.
 */
export function tool<Args = unknown, Output = unknown>(definition: ToolDefinition<Args, Output>): Tool<Args, Output> {
  if (!NAME.test(definition.name)) {
    throw new XaiError(`tool name ${JSON.stringify(definition.name)} must be 1–64 letters, digits, "_" or "-"`);
  }
  const what = `tool "${definition.name}" parameters`;
  const jsonSchema = toJsonSchema(definition.parameters, definition.jsonSchema, what);
  if (jsonSchema.type !== "object") {
    throw new SchemaError(`${what}: arguments are a JSON object, so the schema needs type "object"`);
  }
  return { ...definition, jsonSchema };
}
