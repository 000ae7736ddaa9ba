/**
 * Property-based requests against the mock, for every JSON request schema of the operation table. Bodies come
 * from the schemas (test/support/arbitraries.ts), never from hand-written lists:
 *  - generated valid bodies are accepted (2xx), and the typed client sends them and resolves (streams drained);
 *  - each mutation kind (missing required field, wrong type, out-of-range number, unknown enum value), applied to
 *    every field it fits, is rejected with 400/422 whose JSON body (valid against the spec's error response) names
 *    the offending field, and the typed client throws the matching error class (BadRequestError /
 *    UnprocessableEntityError) whose message carries that detail.
 * Seeded (FC_SEED, fixed by default): fast-check's failure message states the seed and the shrunk counterexample.
 * A table of cases run per schema is printed at the end of the file.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OperationEntry } from "../../generated/operations.ts";
import { BadRequestError, createXai, UnprocessableEntityError, type Xai } from "../../src/index.ts";
import { mutationKinds, namesField } from "../support/arbitraries.ts";
import { type MockServer, startContractMock } from "../support/contract-mock.ts";
import { fastCheckSeed } from "../support/fast-check-seed.ts";
import { CONTRACT_API_KEY, captureError, itLeaksNoSecrets, watchForLeaks } from "../support/leak-watch.ts";
import { methodAt, methodNames } from "../support/method-names.ts";
import { itLeavesNoOpenHandles, watchOpenHandles } from "../support/open-handles.ts";
import { jsonRequestSchemas, specArbitraries } from "../support/request-schemas.ts";
import { validateResponseBody } from "../support/spec-validator.ts";

watchForLeaks();
watchOpenHandles();

const VALID_RUNS = 20;
/** Bodies per mutation target: every field a mutation applies to is exercised. */
const RUNS_PER_TARGET = 2;

/** Sends a body through the operation's client method (path parameters: `pathValues`). */
function clientMethod(operation: OperationEntry): ((xai: Xai, body: unknown) => PromiseLike<unknown>) | undefined {
  const name = methodNames.get(operation.operationId);
  return name
    ? (client, body) => methodAt(client, name)!(...operation.pathParams.map((param) => pathValues[param]), body)
    : undefined;
}

/** A model the mock's catalogue lists, of the kind each operation takes (generated bodies name random models). */
const MODEL_FOR_PATH: Record<string, string> = {
  "/v1/embeddings": "v1",
  "/v1/images/generations": "grok-imagine-image",
  "/v1/images/edits": "grok-imagine-image",
  "/v1/videos/generations": "grok-imagine-video",
  "/v1/videos/edits": "grok-imagine-video",
  "/v1/videos/extensions": "grok-imagine-video",
};

/**
 * A generated valid body as a real request would be: it names a model that exists and no unknown stored response
 * (the mock answers those with xAI's 404, as the API does).
 */
function realistic(path: string, body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...body };
  if (typeof copy.model === "string") copy.model = MODEL_FOR_PATH[path] ?? "grok-3";
  if (typeof copy.previous_response_id === "string") copy.previous_response_id = null;
  return copy;
}

let mock: MockServer;
let xai: Xai;
/** A value for each path parameter of an operation with a JSON body: something that exists on the mock. */
const pathValues: Record<string, string> = {};
/** schema → column → cases run ("n/a" when the schema offers no place for that mutation). */
const casesRun = new Map<string, Record<string, number | "n/a">>();

beforeAll(async () => {
  mock = await startContractMock();
  xai = createXai({ apiKey: CONTRACT_API_KEY, baseUrl: mock.url, maxRetries: 0 });
  pathValues.file_id = (await xai.files.upload(new Blob(["property bytes"]), { filename: "property.txt" })).id;
});

afterAll(async () => {
  await mock.close();
  const columns = ["valid", ...mutationKinds];
  const rows = [...casesRun].map(([schema, counts]) => [
    schema,
    ...columns.map((column) => String(counts[column] ?? 0)),
  ]);
  const widths = ["schema", ...columns].map((header, i) =>
    Math.max(header.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ");
  console.log(
    [
      `property cases per request schema (FC_SEED=${fastCheckSeed})`,
      line(["schema", ...columns]),
      ...rows.map(line),
    ].join("\n"),
  );
});

/** The operation's path with its parameters filled in. */
const concrete = (operation: OperationEntry) =>
  operation.pathParams.reduce((path, param) => path.replace(`{${param}}`, pathValues[param] ?? "x"), operation.path);

async function post(path: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${mock.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${CONTRACT_API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

function count(schemaName: string, column: string, value: number | "n/a" = 1): void {
  const counts = casesRun.get(schemaName) ?? {};
  counts[column] = value === "n/a" ? value : (Number(counts[column]) || 0) + value;
  casesRun.set(schemaName, counts);
}

describe.each(jsonRequestSchemas())("$schemaName ($operation.operationId)", ({ operation, schemaName, schema }) => {
  const send = clientMethod(operation);

  it("has a client method", () => {
    expect(send, `no client method mapped for ${operation.operationId}`).toBeDefined();
  });

  it("accepts generated valid bodies (2xx), sent raw and through the typed client", async () => {
    await fc.assert(
      fc.asyncProperty(
        specArbitraries.valid(schema).map((generated) => realistic(operation.path, generated)),
        async (body) => {
          count(schemaName, "valid");
          const { status, text } = await post(concrete(operation), body);
          expect(status, `rejected valid body: ${text.slice(0, 500)}`).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(300);
          const result = await Promise.resolve(send!(xai, body as never)).catch((error: unknown) => {
            throw captureError(error, `${schemaName} valid body`);
          });
          // `stream: true` bodies give an event stream: read it to the end (it throws if cut or malformed).
          if (result && typeof result === "object" && Symbol.asyncIterator in result) {
            for await (const _event of result as AsyncIterable<unknown>) {
              // drain
            }
          }
        },
      ),
      { numRuns: VALID_RUNS },
    );
  });

  for (const kind of mutationKinds) {
    const targets = specArbitraries.mutationTargets(schema, kind);
    if (targets.length === 0) {
      count(schemaName, kind, "n/a");
      continue;
    }
    it(`rejects every ${kind} mutation (${targets.length} fields) with 400/422 naming the field; typed client error`, async () => {
      for (const target of targets) {
        await fc.assert(
          fc.asyncProperty(specArbitraries.invalidAt(schema, target), async ({ body, field, path }) => {
            count(schemaName, kind);
            const where = `${kind} at ${path.join(".")}`;
            const { status, text } = await post(concrete(operation), body);
            expect([400, 422], `${where}: status ${status}, body ${text.slice(0, 300)}`).toContain(status);
            expect(namesField(text, field), `${where}: the error body does not name "${field}": ${text}`).toBe(true);
            const declared = validateResponseBody("post", operation.path, status, "application/json", JSON.parse(text));
            expect(declared.errors, `${where}: the ${status} body is not the spec's error response`).toEqual([]);

            const error = await Promise.resolve(send!(xai, body as never)).then(
              () => undefined,
              (thrown: unknown) => captureError(thrown, `${schemaName} ${kind}`),
            );
            expect(error, `${where}: the client resolved an invalid request`).toBeInstanceOf(
              status === 400 ? BadRequestError : UnprocessableEntityError,
            );
            const { message } = error as Error;
            expect(namesField(message, field), `${where}: the error message lacks "${field}": ${message}`).toBe(true);
          }),
          { numRuns: RUNS_PER_TARGET },
        );
      }
    });
  }
});

itLeavesNoOpenHandles(() => mock.close());
itLeaksNoSecrets();
