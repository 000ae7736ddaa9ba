import { expect, it } from "vitest";
import { type OperationEntry, operations as table } from "../../generated/operations.ts";
import { createXai } from "../../src/index.ts";
import { operationMethods } from "../../src/operation-methods.ts";

const operations: readonly OperationEntry[] = table;

it("every operation in the generated table has a client method", () => {
  const xai = createXai({ apiKey: "test-key", fetch: async () => Response.json({}) });
  const methods: Record<string, string> = operationMethods;
  const missing = operations
    .filter((op) => {
      const path = methods[op.operationId];
      if (!path) return true;
      const target = path.split(".").reduce<any>((node, key) => node?.[key], xai);
      return typeof target !== "function";
    })
    .map((op) => `${op.operationId} (${op.method.toUpperCase()} ${op.path})`);
  expect(missing, `operations without a client method:\n${missing.join("\n")}`).toEqual([]);
});

it("the method map names no operation the spec lacks", () => {
  const known = new Set(operations.map((op) => op.operationId));
  expect(Object.keys(operationMethods).filter((id) => !known.has(id))).toEqual([]);
});
