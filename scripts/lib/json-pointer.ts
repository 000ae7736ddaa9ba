/** JSON pointers (`#/paths/~1v1~1files/get`) into a spec, and the overlay JSONPath that targets the same node. */

type Json = Record<string, any>;

export function pointerTokens(pointer: string): string[] {
  const body = pointer.replace(/^#/, "");
  if (body === "") return [];
  return body
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function toPointer(tokens: readonly (string | number)[]): string {
  return `#${tokens.map((token) => `/${String(token).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;
}

/** The pointer of a node below the one `pointer` names. */
export function childPointer(pointer: string, ...tokens: (string | number)[]): string {
  return toPointer([...pointerTokens(pointer), ...tokens]);
}

/** The node a pointer names, or undefined when any step is missing. */
export function nodeAt(doc: unknown, pointer: string): any {
  let current: any = doc;
  for (const token of pointerTokens(pointer)) {
    if (current === null || typeof current !== "object") return undefined;
    current = current[token];
  }
  return current;
}

/** Follows local `$ref`s (at most 64 hops, so a ref cycle cannot loop) to the node they name. */
export function deref(doc: Json, node: unknown): any {
  let current = node as Json | undefined;
  for (let hops = 0; current && typeof current.$ref === "string" && current.$ref.startsWith("#") && hops < 64; hops++) {
    current = nodeAt(doc, current.$ref);
  }
  return current;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The JSONPath an overlay action would use to target the node at `pointer`: `$.paths['/v1/files'].get`. */
export function toJsonPath(doc: unknown, pointer: string): string {
  let path = "$";
  let current: any = doc;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(current) && /^\d+$/.test(token)) path += `[${token}]`;
    else if (IDENTIFIER.test(token)) path += `.${token}`;
    else path += `['${token.replace(/'/g, "\\'")}']`;
    current = current?.[token];
  }
  return path;
}

/**
 * Calls `visit` on every object under `node`, parents before children, with its pointer tokens. Example
 * data (`example`, `examples`) is not entered: a `$ref` or `oneOf` key in it is a value, not schema. A
 * visitor may rewrite the object it is given; its children are read after it returns.
 */
export function walkObjects(node: unknown, tokens: string[], visit: (obj: Json, tokens: string[]) => void): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) walkObjects(item, [...tokens, String(index)], visit);
    return;
  }
  visit(node as Json, tokens);
  for (const [key, value] of Object.entries(node)) {
    if (key !== "example" && key !== "examples") walkObjects(value, [...tokens, key], visit);
  }
}
