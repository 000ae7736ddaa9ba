/** The JSON request-body schemas of the effective spec, one per operation that takes `application/json`. */

import { type OperationEntry, operations } from "../../generated/operations.ts";
import spec from "../../generated/xai-openapi.effective.json" with { type: "json" };
import { SchemaArbitraries } from "./arbitraries.ts";

export interface JsonRequestSchema {
  readonly operation: OperationEntry;
  /** Component name the body schema refers to (e.g. "ChatRequest"). */
  readonly schemaName: string;
  readonly schema: object;
}

export const effectiveSpec: object = spec;

/** One generator instance for the whole process: it caches compiled validators and built arbitraries. */
export const specArbitraries = new SchemaArbitraries(spec);

const escapePointer = (token: string) => token.replaceAll("~", "~0").replaceAll("/", "~1");

export function jsonRequestSchemas(): JsonRequestSchema[] {
  return (operations as readonly OperationEntry[])
    .filter((operation) => operation.requestMediaTypes.includes("application/json"))
    .map((operation) => {
      const pointer = `#/paths/${escapePointer(operation.path)}/${operation.method}/requestBody/content/application~1json/schema`;
      const node = specArbitraries.schemaAt(pointer) as { $ref?: string };
      if (typeof node.$ref !== "string") throw new Error(`${operation.operationId}: request body is not a $ref`);
      const schemaName = node.$ref.split("/").at(-1)!;
      return { operation, schemaName, schema: specArbitraries.schemaAt(node.$ref) as object };
    });
}
