import { expect, it } from "vitest";
import { BEYOND_CLIENT_LAYER, gzippedBundleSize } from "../../bench/bundle-size.bench.ts";

/**
 * The full client entry (src/index.ts: every resource, streaming, retries, and the eager parts of parse/runTools/the
 * output helpers; code loaded only through `import()` — Node file access, the multipart encoder, the waiters, the
 * parse and tool-loop code — excluded) in min+gzip bytes, esbuild with code splitting. Issue 15 caps it at 13.5 KB
 * with the helpers (issue 3's 10 KB is retired); the helpers add ~1.34 KB to it (their code in src/structured, tools,
 * output and schema ~0.7 KB, their error classes and the thin methods on the resources the rest), and the error-kind
 * table shared with the mock (src/api-facts.ts) costs ~800 B. The request core's bounds, redaction and error shapes
 * (issues 13, 15, 16) add ~1.9 KB and loading the stream decoding on first use takes ~2.2 KB off: 14,054 B measured
 * with 33 operations; 14,883 B with the 44 of the derived resource layer, 14,314 B since the lazily loaded code
 * imports the error classes from the entry. Issue 15's cap is not met: this budget holds the measured size against
 * regressions, and `npm run bench` reports the cap (README "Where the client entry's bytes go" says what is left).
 */
const FULL_ENTRY_BUDGET = 14_400;
/**
 * The request/response layer alone: openapi-fetch, core (retries, timeouts, bounded bodies, the whole error hierarchy,
 * including the stream, waiter, upload, structured-output and tool-run error classes, with the error-body reader and
 * the API facts it maps both `code` dialects with) and every resource method (with the thin parse/runTools methods):
 * 10,631 B measured with 33 operations — 8,328 B before the helpers' error classes and methods (~500 B) and the core's
 * error shapes, redaction and bounds (~1.8 KB, the API facts ~600 B of it); 11,403 B with the 44 operations of the
 * derived resource layer, which this budget holds against regressions.
 */
const CLIENT_LAYER_BUDGET = 11_500;

it(`the full client entry bundles to ≤ ${FULL_ENTRY_BUDGET} B min+gzip`, async () => {
  const { minified, gzipped, lazyGzipped } = await gzippedBundleSize({ file: "src/index.ts" });
  console.info(`full entry: ${minified} B minified, ${gzipped} B min+gzip (+ ${lazyGzipped} B in lazy chunks)`);
  expect(gzipped).toBeLessThanOrEqual(FULL_ENTRY_BUDGET);
});

it("the entry loads as its re-exports and one chunk: lazily loaded code imports the error classes from src/index.ts", async () => {
  // A module behind import() that imports ./core/ (or any module of the entry) without going through src/index.ts
  // makes esbuild split the modules both load into a chunk of their own (~500 B more; see src/index.ts).
  const { eagerFiles } = await gzippedBundleSize({ file: "src/index.ts" });
  expect(eagerFiles).toBe(2);
});

it(`the client layer bundles to ≤ ${CLIENT_LAYER_BUDGET} B min+gzip`, async () => {
  const { minified, gzipped } = await gzippedBundleSize({ file: "src/index.ts" }, BEYOND_CLIENT_LAYER);
  console.info(`client layer: ${minified} B minified, ${gzipped} B min+gzip`);
  expect(gzipped).toBeLessThanOrEqual(CLIENT_LAYER_BUDGET);
});
