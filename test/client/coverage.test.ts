import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { type OperationEntry, operations as table } from "../../generated/operations.ts";
import { createXai } from "../../src/index.ts";
import { handWritten } from "../../src/resources/index.ts";
import { methodAt, methodNames } from "../support/method-names.ts";

const operations: readonly OperationEntry[] = table;
const xai = createXai({ apiKey: "test-key", fetch: async () => Response.json({}) });

it("every operation in the generated table has a client method", () => {
  const missing = operations
    .filter((op) => !methodNames.has(op.operationId) || !methodAt(xai, methodNames.get(op.operationId)!))
    .map((op) => `${op.operationId} (${op.method.toUpperCase()} ${op.path})`);
  expect(missing, `operations without a client method:\n${missing.join("\n")}`).toEqual([]);
  expect(methodNames.size).toBe(operations.length);
});

it("an operation whose request is not JSON (a multipart upload) has a hand-written method", () => {
  const plainJson = (op: OperationEntry) => op.requestMediaTypes.every((type) => type === "application/json");
  const derivedOnly = operations
    .filter((op) => !plainJson(op))
    .filter((op) => {
      const name = methodNames.get(op.operationId)!;
      const resource = name.slice(0, name.lastIndexOf("."));
      const method = name.slice(name.lastIndexOf(".") + 1);
      const Class = (handWritten as Record<string, { prototype: object }>)[resource];
      return !Class || !Object.hasOwn(Class.prototype, method);
    })
    .map((op) => `${op.operationId} → ${methodNames.get(op.operationId)}`);
  expect(derivedOnly, "these need a method written in src/resources/").toEqual([]);
});

it("every hand-written class sits at a resource of the tree and replaces only methods the tree has", () => {
  const names = new Set(methodNames.values());
  for (const [path, Class] of Object.entries(handWritten)) {
    const own = Object.getOwnPropertyNames(Class.prototype).filter((name) => name !== "constructor");
    expect(own.length, path).toBeGreaterThan(0);
    expect(
      [...names].some((name) => name.startsWith(`${path}.`)),
      path,
    ).toBe(true);
  }
});

it("the README's operations table lists every operation with its method", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const rows = [
    ...readme.matchAll(/^\| `(\w+)` \| (GET|POST|PUT|PATCH|DELETE) `([^`]+)` \| `xai\.([\w.]+)\(\)` \|$/gm),
  ];
  const listed = new Map(rows.map(([, id, method, path, name]) => [id!, `${method} ${path} ${name}`]));
  const expected = new Map(
    operations.map((op) => [
      op.operationId,
      `${op.method.toUpperCase()} ${op.path} ${methodNames.get(op.operationId)}`,
    ]),
  );
  expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(expected));
});
