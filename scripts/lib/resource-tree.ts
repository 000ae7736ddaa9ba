/**
 * generated/resources.ts: the client's resource tree, as data (what a derived method sends) and as a type (which
 * operation each method calls, and its path parameters as named arguments). src/resources/derive.ts turns the two
 * into typed methods, so an operation needs hand-written code only when it behaves specially.
 *
 * Two answers are recognised by their shape and marked, so their methods need no hand-written code either: a
 * download (a 2xx whose only content is not JSON: the method resolves to the bytes as a stream), and a cursor-paged
 * list (GET with an `after` query parameter answering `{ data: [...], has_more, last_id }`: the method returns an
 * async iterable of every item across pages).
 */
import { nodeAt } from "./json-pointer.ts";
import { camelCase, type ResourceMethod } from "./operation-names.ts";

type Json = Record<string, any>;

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

const resolved = (spec: Json, node: Json | undefined): Json | undefined =>
  typeof node?.$ref === "string" ? resolved(spec, nodeAt(spec, node.$ref)) : node;

/** "download", "cursor" (see above), or undefined for a JSON answer. */
function answer({ operation }: ResourceMethod, spec: Json): "download" | "cursor" | undefined {
  const success = Object.entries(operation.responses).filter(([status]) => status.startsWith("2"));
  const types = success.flatMap(([, mediaTypes]) => mediaTypes);
  if (types.length > 0 && !types.some((type) => /json|event-stream/.test(type))) return "download";
  if (operation.method !== "get" || !operation.queryParams.includes("after")) return undefined;
  const ok = success.find(([, mediaTypes]) => mediaTypes.includes("application/json"))?.[0];
  const response = ok === undefined ? undefined : resolved(spec, spec.paths[operation.path].get.responses[ok]);
  const page = resolved(spec, response?.content?.["application/json"]?.schema);
  const listed = resolved(spec, page?.properties?.data)?.type === "array";
  return listed && page?.properties?.has_more && page?.properties?.last_id ? "cursor" : undefined;
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

function renderData(node: Tree, depth: number, spec: Json): string {
  const indent = "  ".repeat(depth + 1);
  const lines = sortedKeys(node).map((key) => {
    const child = node[key]!;
    if (!isMethod(child)) return `${indent}${key}: ${renderData(child, depth + 1, spec)},`;
    const parts = [child.operation.method, child.operation.path, ...payload(child), answer(child, spec) ?? []].flat();
    return `${indent}${key}: ${JSON.stringify(parts.join(" "))},`;
  });
  return `{\n${lines.join("\n")}\n${"  ".repeat(depth)}}`;
}

function renderType(node: Tree, depth: number, spec: Json): string {
  const indent = "  ".repeat(depth + 1);
  const lines = sortedKeys(node).map((key) => {
    const child = node[key]!;
    if (!isMethod(child)) return `${indent}${key}: ${renderType(child, depth + 1, spec)};`;
    const args = child.operation.pathParams.map((param) => `${argumentName(param)}: string`).join(", ");
    const kind = answer(child, spec);
    const fields = [
      `operation: ${JSON.stringify(child.operation.operationId)}`,
      `pathArguments: [${args}]`,
      ...(kind ? [`answer: ${JSON.stringify(kind)}`] : []),
    ];
    return `${comment(child, indent)}${indent}${key}: { ${fields.join("; ")} };`;
  });
  return `{\n${lines.join("\n")}\n${"  ".repeat(depth)}}`;
}

export function renderResourceTree(methods: readonly ResourceMethod[], namesFile: string, spec: Json): string {
  const tree = treeOf(methods);
  return `/**
 * The client's resources (names from ${namesFile}, or from the path for an operation it does not name).
 * \`resources\` is what a derived method sends: "<HTTP method> <path>", then what its arguments after the path
 * parameters carry — "body" (the request body), "query" (the query parameters) — and how it answers when not with
 * JSON: "download" (bytes) or "cursor" (pages of a list). \`ResourceTree\` is the same tree for the type-checker: the
 * operation each method calls, its path parameters as named arguments, and its \`answer\` when not JSON.
 */
export const resources = ${renderData(tree, 0, spec)} as const;

export interface ResourceTree ${renderType(tree, 0, spec)}
`;
}
