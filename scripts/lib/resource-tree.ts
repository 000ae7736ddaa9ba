/**
 * generated/resources.ts: the client's resource tree, as data (what a derived method sends) and as a type (which
 * operation each method calls, and its path parameters as named arguments). src/resources/derive.ts turns the two
 * into typed methods, so an operation needs hand-written code only when it behaves specially.
 */
import { camelCase, type ResourceMethod } from "./operation-names.ts";

interface Tree {
  [key: string]: Tree | ResourceMethod;
}

const isMethod = (node: Tree | ResourceMethod): node is ResourceMethod => "operation" in node;

function treeOf(methods: readonly ResourceMethod[]): Tree {
  const root: Tree = {};
  for (const method of methods) {
    let node = root;
    for (const part of method.name.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Tree;
    }
    node[method.name.at(-1)!] = method;
  }
  return root;
}

/** What follows the path parameters among a derived method's arguments, in order. */
function payload({ operation }: ResourceMethod): string[] {
  return [
    ...(operation.requestMediaTypes.length > 0 ? ["body"] : []),
    ...(operation.queryParams.length > 0 ? ["query"] : []),
  ];
}

/** A path parameter as an argument label: `file_id` → `fileId`. */
function argumentName(param: string): string {
  const name = camelCase(param).replace(/[^A-Za-z0-9_$]/g, "_");
  return /^[A-Za-z_$]/.test(name) ? name : `_${name}`;
}

function comment(method: ResourceMethod, indent: string): string {
  const { summary, method: verb, path } = method.operation;
  const text = `${summary ? `${summary.replace(/\s+$/, "")} — ` : ""}\`${verb.toUpperCase()} ${path}\``;
  return `${indent}/** ${text.replaceAll("*/", "*\\/")} */\n`;
}

const sortedKeys = (node: Tree) => Object.keys(node).sort();

function renderData(node: Tree, depth: number): string {
  const indent = "  ".repeat(depth + 1);
  const lines = sortedKeys(node).map((key) => {
    const child = node[key]!;
    if (!isMethod(child)) return `${indent}${key}: ${renderData(child, depth + 1)},`;
    const parts = [child.operation.method, child.operation.path, ...payload(child)];
    return `${indent}${key}: ${JSON.stringify(parts.join(" "))},`;
  });
  return `{\n${lines.join("\n")}\n${"  ".repeat(depth)}}`;
}

function renderType(node: Tree, depth: number): string {
  const indent = "  ".repeat(depth + 1);
  const lines = sortedKeys(node).map((key) => {
    const child = node[key]!;
    if (!isMethod(child)) return `${indent}${key}: ${renderType(child, depth + 1)};`;
    const args = child.operation.pathParams.map((param) => `${argumentName(param)}: string`).join(", ");
    return `${comment(child, indent)}${indent}${key}: { operation: ${JSON.stringify(child.operation.operationId)}; pathArguments: [${args}] };`;
  });
  return `{\n${lines.join("\n")}\n${"  ".repeat(depth)}}`;
}

export function renderResourceTree(methods: readonly ResourceMethod[], namesFile: string): string {
  const tree = treeOf(methods);
  return `/**
 * The client's resources (names from ${namesFile}, or from the path for an operation it does not name).
 * \`resources\` is what a derived method sends: "<HTTP method> <path>", then what its arguments after the path
 * parameters carry — "body" (the request body), "query" (the query parameters). \`ResourceTree\` is the same tree for
 * the type-checker: the operation each method calls, and its path parameters as named arguments.
 */
export const resources = ${renderData(tree, 0)} as const;

export interface ResourceTree ${renderType(tree, 0)}
`;
}
