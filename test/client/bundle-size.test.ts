import { expect, it } from "vitest";
import { BEYOND_CLIENT_LAYER, gzippedBundleSize } from "../../bench/bundle-size.bench.ts";

/**
 * The request/response client layer — openapi-fetch, core (retries, timeouts, errors) and every
 * resource method — must stay within 8 KB min+gzip, so that with streaming, waiters and file
 * helpers the whole entry can meet the 10 KB. (`npm run bench` reports the whole entry.)
 */
const CLIENT_LAYER_BUDGET = 8 * 1024;

it(`the client layer bundles to ≤ ${CLIENT_LAYER_BUDGET} B min+gzip`, async () => {
  const { minified, gzipped } = await gzippedBundleSize({ file: "src/index.ts" }, BEYOND_CLIENT_LAYER);
  console.info(`client layer: ${minified} B minified, ${gzipped} B min+gzip`);
  expect(gzipped).toBeLessThanOrEqual(CLIENT_LAYER_BUDGET);
});
