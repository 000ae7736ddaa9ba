/**
 * 1,000 concurrent client calls against the mock: zero errors and zero lost responses. Setup stores 1,000 files
 * with unique names and sizes; then 1,000 `files.retrieve` calls run at once, one per file, and every answer must
 * name the file its request asked for, with that file's name and size — a swapped, dropped or failed response
 * shows up as a mismatch, a missing id or a rejection. No retries, so nothing is papered over.
 *
 * Why retrieve and not upload under load: a multipart upload costs the mock ~12 ms of CPU (busboy + Prism), so
 * 1,000 simultaneous uploads on a busy 2-core machine keep the last connections waiting longer than the mock's
 * 10 s headers timeout, and it closes them. The uploads happen in setup, 50 at a time.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createXai, type Schema, type Xai } from "../../src/index.ts";
import { type MockServer, startContractMock } from "../support/contract-mock.ts";
import { CONTRACT_API_KEY, captureError, itLeaksNoSecrets, watchForLeaks } from "../support/leak-watch.ts";
import { itLeavesNoOpenHandles, watchOpenHandles } from "../support/open-handles.ts";

watchForLeaks();
watchOpenHandles();

const CALLS = 1_000;
const SETUP_BATCH = 50;

let mock: MockServer;
let xai: Xai;
const uploaded: { filename: string; size: number; file: Schema<"File"> }[] = [];

beforeAll(async () => {
  mock = await startContractMock();
  xai = createXai({ apiKey: CONTRACT_API_KEY, baseUrl: mock.url, maxRetries: 0, timeout: 60_000 });
  for (let start = 0; start < CALLS; start += SETUP_BATCH) {
    const batch = Array.from({ length: Math.min(SETUP_BATCH, CALLS - start) }, async (_, offset) => {
      const index = start + offset;
      const filename = `load-${index}.txt`;
      const content = "x".repeat(index + 1);
      const file = await xai.files.upload(new Blob([content]), { filename });
      return { filename, size: content.length, file };
    });
    uploaded.push(...(await Promise.all(batch)));
  }
}, 120_000);

afterAll(() => mock.close());

it(`${CALLS} concurrent calls: every response matches its request, none lost, none failed`, async () => {
  expect(new Set(uploaded.map(({ file }) => file.id)).size).toBe(CALLS);
  const started = performance.now();
  const outcomes = await Promise.allSettled(uploaded.map(({ file }) => xai.files.retrieve(file.id)));
  const wallMs = performance.now() - started;
  console.log(`load: ${CALLS} concurrent files.retrieve calls completed in ${wallMs.toFixed(0)} ms`);

  const failures = outcomes.flatMap((outcome, index) =>
    outcome.status === "rejected" ? [`#${index}: ${String(captureError(outcome.reason, "load call"))}`] : [],
  );
  expect(failures, failures.slice(0, 5).join("\n")).toEqual([]);
  const mismatched = outcomes.flatMap((outcome, index) => {
    const answer = (outcome as PromiseFulfilledResult<Schema<"File">>).value;
    const { file, filename, size } = uploaded[index]!;
    return answer.id === file.id && answer.filename === filename && answer.bytes === size ? [] : [index];
  });
  expect(mismatched).toEqual([]);
}, 60_000);

itLeavesNoOpenHandles(() => mock.close());
itLeaksNoSecrets();
