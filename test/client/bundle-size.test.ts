import { expect, it } from "vitest";
import { BEYOND_CLIENT_LAYER, gzippedBundleSize } from "../../bench/bundle-size.bench.ts";

/**
 * The full client entry (src/index.ts: every resource, streaming, retries; code loaded only through `import()` —
 * Node file access, the multipart encoder, the waiters — excluded) in min+gzip bytes, esbuild with code splitting.
 * Issue 15 caps it at 13.5 KB with the everyday helpers (parse, tool runner, output helpers) included and the ones most
 * apps skip loaded on first use; the error-kind table shared with the mock (src/api-facts.ts) costs ~600 B of it.
 */
const FULL_ENTRY_BUDGET = 13_500;
/**
 * The request/response layer alone: openapi-fetch, core (retries, timeouts, the whole error hierarchy, including the
 * stream, waiter and upload error classes) and every resource method.
 */
const CLIENT_LAYER_BUDGET = 8_400;

it(`the full client entry bundles to ≤ ${FULL_ENTRY_BUDGET} B min+gzip`, async () => {
  const { minified, gzipped, lazyGzipped } = await gzippedBundleSize({ file: "src/index.ts" });
  console.info(`full entry: ${minified} B minified, ${gzipped} B min+gzip (+ ${lazyGzipped} B in lazy chunks)`);
  expect(gzipped).toBeLessThanOrEqual(FULL_ENTRY_BUDGET);
});

it(`the client layer bundles to ≤ ${CLIENT_LAYER_BUDGET} B min+gzip`, async () => {
  const { minified, gzipped } = await gzippedBundleSize({ file: "src/index.ts" }, BEYOND_CLIENT_LAYER);
  console.info(`client layer: ${minified} B minified, ${gzipped} B min+gzip`);
  expect(gzipped).toBeLessThanOrEqual(CLIENT_LAYER_BUDGET);
});
