/**
 * Bundle size, minified + gzip -9 (esbuild, ESM, browser-neutral): the full client entry vs
 * openapi-fetch alone and openai-node's client. Run alone: `npx tsx bench/bundle-size.bench.ts`.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { BenchCase } from "./types.ts";

/** Modules outside the request/response client layer: streaming, waiters, file helpers. */
export const BEYOND_CLIENT_LAYER = [
  "./streaming/*",
  "../streaming/*",
  "./polling/*",
  "../polling/*",
  "./files/*",
  "../files/*",
  "eventsource-parser",
];

export async function gzippedBundleSize(
  entry: { file: string } | { contents: string },
  external: string[] = [],
): Promise<{ minified: number; gzipped: number }> {
  const result = await build({
    ...("file" in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: process.cwd(), loader: "ts" } }),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    external: ["node:*", ...external],
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const bench: BenchCase = async () => {
  const full = await gzippedBundleSize({ file: "src/index.ts" });
  const layer = await gzippedBundleSize({ file: "src/index.ts" }, BEYOND_CLIENT_LAYER);
  const openapiFetch = await gzippedBundleSize({ contents: 'export { default } from "openapi-fetch";' });
  const openai = await gzippedBundleSize({ contents: 'export { OpenAI } from "openai";' });
  return [
    {
      case: "client entry (all resources, streaming, retries), min+gzip",
      unit: "bytes",
      higherIsBetter: false,
      ours: full.gzipped,
      peers: {
        "client layer without streaming/files/polling": layer.gzipped,
        "openapi-fetch": openapiFetch.gzipped,
        "openai-node": openai.gzipped,
      },
      target: "≤ 10240 bytes",
    },
  ];
};
export default bench;

if (process.argv[1]?.endsWith("bundle-size.bench.ts")) {
  for (const record of await bench()) console.log(JSON.stringify(record, null, 2));
}
