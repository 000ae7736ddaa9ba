/**
 * Every operation's client method, as its dotted name ("chat.completions.create"), read from the generated resource
 * tree: each method's [HTTP method, path] names exactly one operation of the operation table.
 */
import { type OperationEntry, operations } from "../../generated/operations.ts";
import { resources } from "../../generated/resources.ts";

type Node = { readonly [name: string]: Node | string };

function* leaves(node: Node, prefix: string[] = []): Generator<[name: string[], method: string, path: string]> {
  for (const [name, child] of Object.entries(node)) {
    if (typeof child === "string") {
      const [method, path] = child.split(" ");
      yield [[...prefix, name], method!, path!];
    } else yield* leaves(child, [...prefix, name]);
  }
}

/** operationId → dotted method name. */
export const methodNames: ReadonlyMap<string, string> = new Map(
  [...leaves(resources as Node)].map(([name, method, path]) => {
    const operation = (operations as readonly OperationEntry[]).find((op) => op.method === method && op.path === path);
    if (!operation) throw new Error(`generated/resources.ts: ${name.join(".")} names no operation (${method} ${path})`);
    return [operation.operationId, name.join(".")];
  }),
);

/** Resolves "chat.completions.create" on a client to its method, bound to its resource. */
export function methodAt(root: object, name: string): ((...args: unknown[]) => any) | undefined {
  const parts = name.split(".");
  const last = parts.pop()!;
  const owner = parts.reduce<any>((node, key) => node?.[key], root);
  const method = owner?.[last];
  return typeof method === "function" ? method.bind(owner) : undefined;
}
