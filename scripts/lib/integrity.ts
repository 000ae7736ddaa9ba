/**
 * Defects that make a spec unusable as a whole: the operation table, the generated types and the mock all
 * key on operationIds, resolve every $ref and fill every path template. These are not "problems a correction
 * may cover later in the report" but bad input: the pipeline stops with one line per defect, naming it.
 */
import { nodeAt, toPointer, walkObjects } from "./json-pointer.ts";

type Json = Record<string, any>;

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"] as const;

export interface Operation {
  method: (typeof HTTP_METHODS)[number];
  path: string;
  operation: Json;
  pathItem: Json;
}

export function operationsOf(spec: Json): Operation[] {
  const found: Operation[] = [];
  for (const [path, pathItem] of Object.entries<Json>(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem?.[method];
      if (operation && typeof operation === "object") found.push({ method, path, operation, pathItem });
    }
  }
  return found;
}

function duplicateAndMissingOperationIds(spec: Json): string[] {
  const byId = new Map<string, string[]>();
  const defects: string[] = [];
  for (const { method, path, operation } of operationsOf(spec)) {
    const where = `${method.toUpperCase()} ${path}`;
    const id = operation.operationId;
    if (typeof id !== "string" || id.trim() === "") {
      defects.push(`${where} has no operationId (at ${toPointer(["paths", path, method])})`);
      continue;
    }
    byId.set(id, [...(byId.get(id) ?? []), where]);
  }
  for (const [id, places] of byId) {
    if (places.length > 1)
      defects.push(`operationId "${id}" is used by ${places.length} operations: ${places.join(", ")}`);
  }
  return defects;
}

function unresolvableRefs(spec: Json): string[] {
  const defects: string[] = [];
  walkObjects(spec, [], (node, tokens) => {
    const ref = node.$ref;
    if (typeof ref !== "string") return;
    const where = toPointer(tokens);
    if (!ref.startsWith("#")) defects.push(`$ref "${ref}" at ${where} points outside the document (not supported)`);
    else if (nodeAt(spec, ref) === undefined) defects.push(`$ref "${ref}" at ${where} resolves to nothing`);
  });
  return defects;
}

function undeclaredPathParameters(spec: Json): string[] {
  const defects: string[] = [];
  const deref = (p: Json) => (typeof p?.$ref === "string" ? nodeAt(spec, p.$ref) : p);
  for (const { method, path, operation, pathItem } of operationsOf(spec)) {
    const declared = new Set(
      [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]
        .map(deref)
        .filter((p: Json | undefined) => p?.in === "path")
        .map((p: Json) => p.name),
    );
    for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
      if (!declared.has(name)) {
        defects.push(
          `path parameter {${name}} of ${method.toUpperCase()} ${path} is not declared (no "in: path" parameter named "${name}" at ${toPointer(["paths", path, method, "parameters"])})`,
        );
      }
    }
  }
  return defects;
}

/** One line per defect that leaves the spec unusable; empty when there is none. */
export function integrityDefects(spec: Json): string[] {
  return [...duplicateAndMissingOperationIds(spec), ...unresolvableRefs(spec), ...undeclaredPathParameters(spec)];
}
