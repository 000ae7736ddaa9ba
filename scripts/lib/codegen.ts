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
  return astToString(nameComponentSchemas(ast, typescript));
}

/** Names the generated module already declares. */
const TAKEN = new Set(["paths", "webhooks", "components", "$defs", "operations", "WithRequired"]);
/**
 * Global types a schema may share a name with: its type is named `<Name>Object` instead (openai-node's FileObject),
 * so that `files.retrieve()` does not read as resolving to a DOM File, and the module's own `Blob` or `Record`
 * references keep meaning the global ones.
 */
const GLOBALS = new Set([
  ..."Array Blob Boolean Date Document Element Error Event File FormData Function Headers Image Map Node Number".split(
    " ",
  ),
  ..."Object Omit Partial Pick Promise ReadableStream Record Request Required Response Set String Symbol Text URL".split(
    " ",
  ),
]);

/**
 * Every component schema as a named, exported type (`export type ChatResponse = { … }`, its description as JSDoc)
 * that `components["schemas"]["ChatResponse"]` refers to. Without it TypeScript prints each schema as its whole
 * anonymous object in hovers and errors; with it they name the type. A schema name that is no identifier, or whose
 * name the module already uses, stays anonymous.
 */
function nameComponentSchemas(ast: readonly ts.Node[], typescript: typeof ts): ts.Node[] {
  const { factory } = typescript;
  const aliases: ts.Node[] = [];
  const schemaNames = new Set<string>();
  const nameFor = (schema: string): string | undefined => {
    const name = GLOBALS.has(schema) ? `${schema}Object` : schema;
    const usable =
      /^[A-Za-z_$][\w$]*$/.test(name) &&
      typescript.identifierToKeywordKind(factory.createIdentifier(name)) === undefined;
    return usable && !TAKEN.has(name) && !(name !== schema && schemaNames.has(name)) ? name : undefined;
  };
  const hoist = (member: ts.TypeElement): ts.TypeElement => {
    if (!typescript.isPropertySignature(member) || !member.type) return member;
    const name = nameFor((member.name as ts.Identifier | ts.StringLiteral).text);
    if (name === undefined) return member;
    const alias = factory.createTypeAliasDeclaration(
      [factory.createModifier(typescript.SyntaxKind.ExportKeyword)],
      name,
      undefined,
      member.type,
    );
    typescript.setSyntheticLeadingComments(alias, typescript.getSyntheticLeadingComments(member));
    aliases.push(alias);
    return factory.updatePropertySignature(
      member,
      member.modifiers,
      member.name,
      member.questionToken,
      factory.createTypeReferenceNode(name),
    );
  };
  const named = ast.map((node) => {
    if (!typescript.isInterfaceDeclaration(node) || node.name.text !== "components") return node;
    const members = node.members.map((group) => {
      if (!typescript.isPropertySignature(group) || !group.type || !typescript.isTypeLiteralNode(group.type)) {
        return group;
      }
      if ((group.name as ts.Identifier).text !== "schemas") return group;
      for (const member of group.type.members) schemaNames.add((member.name as ts.Identifier).text);
      const schemas = factory.updateTypeLiteralNode(group.type, factory.createNodeArray(group.type.members.map(hoist)));
      return factory.updatePropertySignature(group, group.modifiers, group.name, group.questionToken, schemas);
    });
    return factory.updateInterfaceDeclaration(
      node,
      node.modifiers,
      node.name,
      node.typeParameters,
      node.heritageClauses,
      members,
    );
  });
  return [...named, ...aliases];
}
