import { createRequire } from "node:module";
import type ts from "typescript";

const require = createRequire(import.meta.url);

/**
 * openapi-typescript with the options this client needs:
 * - defaultNonNullable: false — a request field with a `default` (e.g. ChatRequest.deferred)
 *   stays optional instead of becoming required.
 * - `format: binary` becomes Blob (file uploads and downloads), not string.
 *
 * openapi-typescript and TypeScript are loaded on first use, so commands that reject bad input
 * before codegen (spec:update) answer without loading the compiler. They are loaded as CommonJS:
 * importing TypeScript's 9 MB CommonJS bundle from ESM makes Node scan it for named exports first,
 * about 0.5 s of a cold generate.
 */
export async function generateTypes(spec: Record<string, unknown>): Promise<string> {
  const { default: openapiTS, astToString }: typeof import("openapi-typescript") = require("openapi-typescript");
  const typescript: typeof ts = require("typescript");
  const factory: typeof ts.factory = typescript.factory;
  const blob = factory.createTypeReferenceNode(factory.createIdentifier("Blob"));
  const blobOrNull = factory.createUnionTypeNode([blob, factory.createLiteralTypeNode(factory.createNull())]);
  const ast = await openapiTS(spec as never, {
    defaultNonNullable: false,
    transform(schemaObject) {
      if (schemaObject.format !== "binary") return undefined;
      const type = (schemaObject as { type?: unknown }).type;
      return Array.isArray(type) && type.includes("null") ? blobOrNull : blob;
    },
  });
  return astToString(ast);
}
