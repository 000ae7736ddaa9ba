import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier("Blob"));
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());

/**
 * openapi-typescript with the options this client needs:
 * - defaultNonNullable: false — a request field with a `default` (e.g. ChatRequest.deferred)
 *   stays optional instead of becoming required.
 * - `format: binary` becomes Blob (file uploads and downloads), not string.
 */
export async function generateTypes(spec: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(spec as never, {
    defaultNonNullable: false,
    transform(schemaObject) {
      if (schemaObject.format !== "binary") return undefined;
      const type = (schemaObject as { type?: unknown }).type;
      const nullable = Array.isArray(type) && type.includes("null");
      return nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
    },
  });
  return astToString(ast);
}
