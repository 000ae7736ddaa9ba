/**
 * Bundle size, minified + gzip -9 (esbuild, ESM, browser-neutral): the full client entry vs
 * openapi-fetch alone and openai-node's client. Run alone: `npx tsx bench/bundle-size.bench.ts` (`--breakdown`: where
 * the entry's bytes go).
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { BenchCase, BenchRecord } from "./types.ts";

/** Modules outside the request/response client layer: streaming, waiters, file helpers, parse/tool/output helpers. */
export const BEYOND_CLIENT_LAYER = ["streaming", "polling", "files", "structured", "tools", "output", "schema"].flatMap(
  (folder) => [`./${folder}/*`, `../${folder}/*`],
);

export interface BundleSize {
  /** What loads with the entry: its own chunk plus any chunk it imports statically. */
  minified: number;
  gzipped: number;
  /** How many files load with the entry: the entry's own, and each chunk it imports statically. */
  eagerFiles: number;
  /** Chunks loaded only through dynamic import() (e.g. Node-only file code), min+gzip. */
  lazyGzipped: number;
  /** Each lazily loaded chunk that a dynamic import() starts from, by that module's path, min+gzip. */
  lazyChunks: Record<string, number>;
  /** The bundled modules loaded through `import()`, as their importers spell them. */
  lazyImports: string[];
}

/**
 * Bundles `entry` with code splitting, as an application's bundler would: the entry's size is what loads with it;
 * code reached only through `import()` lands in lazy chunks, counted separately.
 */
export async function gzippedBundleSize(
  entry: { file: string } | { contents: string },
  external: string[] = [],
): Promise<BundleSize> {
  const result = await build({
    ...("file" in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: process.cwd(), loader: "ts" } }),
    bundle: true,
    minify: true,
    splitting: true,
    outdir: "bundle-size",
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    external: ["node:*", ...external],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const entryName = Object.keys(outputs).find((name) => outputs[name]?.entryPoint !== undefined);
  const eager = new Set<string>();
  const visit = (name: string) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imported of outputs[name]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
    }
  };
  visit(entryName!);
  let minified = 0;
  let gzipped = 0;
  let lazyGzipped = 0;
  const lazyChunks: Record<string, number> = {};
  for (const file of result.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf("bundle-size/"));
    const size = gzipSync(file.contents, { level: 9 }).length;
    if (eager.has(name)) {
      minified += file.contents.length;
      gzipped += size;
    } else {
      lazyGzipped += size;
      const start = outputs[name]?.entryPoint;
      if (start) lazyChunks[start] = size;
    }
  }
  const lazyImports = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((i) => i.kind === "dynamic-import" && !i.external).map((i) => i.original ?? i.path),
  );
  return { minified, gzipped, eagerFiles: eager.size, lazyGzipped, lazyChunks, lazyImports: [...new Set(lazyImports)] };
}

const bench: BenchCase = async (): Promise<BenchRecord[]> => {
  const full = await gzippedBundleSize({ file: "src/index.ts" });
  const layer = await gzippedBundleSize({ file: "src/index.ts" }, BEYOND_CLIENT_LAYER);
  const openapiFetch = await gzippedBundleSize({ contents: 'export { default } from "openapi-fetch";' });
  const openai = await gzippedBundleSize({ contents: 'export { OpenAI } from "openai";' });
  const helpers = (await sizeBreakdown())[HELPERS_GROUP]!;
  return [
    {
      case: "client entry (all resources, streaming, retries, helpers' eager parts), min+gzip",
      unit: "bytes",
      higherIsBetter: false,
      ours: full.gzipped,
      peers: {
        "lazy chunks (loaded on first use), min+gzip": full.lazyGzipped,
        "client layer without streaming/files/polling/helpers": layer.gzipped,
        "openapi-fetch": openapiFetch.gzipped,
        "openai-node (parse, runTools included)": openai.gzipped,
      },
      target: `≤ ${FULL_ENTRY_TARGET} bytes and ≤ 0.4× openai-node`,
    },
    {
      case: "parse/runTools/output helpers in the entry (outputText & co, tool(), ToolRun; not the thin methods or error classes), min+gzip",
      unit: "bytes",
      higherIsBetter: false,
      ours: helpers,
      peers: { "their lazily loaded chunk (parse, partial JSON, tool loops)": full.lazyChunks["src/helpers.ts"] ?? 0 },
      target: "loaded on first use beyond the thin methods, tool() and the error classes",
    },
  ];
};
export default bench;

/** Issue 15: the full entry, helpers included, within 13.5 KB min+gzip. */
export const FULL_ENTRY_TARGET = 13_500;

const HELPERS_GROUP = "parse/runTools/output helpers (src/structured, tools, output, schema)";

/** Groups of the entry, as the import specifiers that reach them. */
const ENTRY_GROUPS: Record<string, string[]> = {
  "openapi-fetch": ["openapi-fetch"],
  "resource methods (44 operations: the derived layer, its data and the hand-written classes)": ["./resources/*"],
  "request core (retries, timeouts, abort, bounded bodies)": ["./core/request.ts", "../core/request.ts"],
  "error classes, error bodies, redaction": ["./core/errors.ts", "../core/errors.ts", "./errors.ts", "../api-facts.ts"],
  "event streams (iteration; decoding loads on first use)": [
    "./streaming/streams.ts",
    "../streaming/streams.ts",
    "./streaming/event-stream.ts",
    "./event-stream.ts",
    "../streaming/call.ts",
  ],
  "file helpers (FileContent, FileList)": [
    "./files/content.ts",
    "../files/content.ts",
    "./files/pagination.ts",
    "../files/pagination.ts",
  ],
  [HELPERS_GROUP]: ["structured", "tools", "output", "schema"].flatMap((folder) => [`./${folder}/*`, `../${folder}/*`]),
};

/**
 * Where the entry's bytes go: each group's cost is how much the eager code shrinks when the group is left out,
 * measured on one file (lazy modules excluded) so chunk boundaries do not blur it; the split entry's extra bytes
 * are the cost of the chunks the lazy modules share with it.
 */
export async function sizeBreakdown(): Promise<Record<string, number>> {
  const split = await gzippedBundleSize({ file: "src/index.ts" });
  const whole = (await gzippedBundleSize({ file: "src/index.ts" }, split.lazyImports)).gzipped;
  const costs: Record<string, number> = { "eager code as one file": whole, "chunk splitting": split.gzipped - whole };
  for (const [group, specifiers] of Object.entries(ENTRY_GROUPS)) {
    const without = await gzippedBundleSize({ file: "src/index.ts" }, [...split.lazyImports, ...specifiers]);
    costs[group] = whole - without.gzipped;
  }
  return costs;
}

if (process.argv[1]?.endsWith("bundle-size.bench.ts")) {
  if (process.argv.includes("--breakdown")) {
    for (const [group, bytes] of Object.entries(await sizeBreakdown()))
      console.log(`${String(bytes).padStart(6)} B  ${group}`);
  } else {
    for (const record of await bench()) console.log(JSON.stringify(record, null, 2));
  }
}
