/**
 * `npm run build` → dist/: the client (`.`, with its lazily loaded chunks in dist/chunks/), the mock (`./mock`), its msw handlers (`./msw`) and the `xai-mock` launcher as
 * ESM bundles of this repo's own code (every npm package stays an import), plus declarations.
 *
 * The client bundle targets esbuild's `neutral` platform so nothing Node-specific can slip into it
 * unnoticed: a `node:` import there fails the build unless it is a dynamic `import()` in a
 * Node-only path, which stays external and is never evaluated elsewhere.
 *
 * Every bundle sits directly in dist/, one level below the package root like its source file, so
 * `new URL("../generated/…", import.meta.url)` in the mock resolves to the same shipped file
 * from source and from the build.
 */
import { execFile } from "node:child_process";
import { chmod, readdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BuildOptions, build } from "esbuild";
import { writeFileAtomic } from "./lib/fs-atomic.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

const shared: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  format: "esm",
  target: "es2022",
  packages: "external",
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
};

/** One bundle per public entry point, plus the `xai-mock` bin. */
const bundles: BuildOptions[] = [
  // Split, so the code the client loads on first use (Node file helpers, the multipart encoder,
  // the waiters) ships as separate chunks instead of inside the entry.
  {
    ...shared,
    platform: "neutral",
    entryPoints: { index: "src/index.ts" },
    external: ["node:*"],
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
  },
  { ...shared, platform: "node", entryPoints: { mock: "mock/index.ts" } },
  // Browser-safe like the client; the effective spec stays the shipped JSON file, imported as a JSON module.
  {
    ...shared,
    platform: "neutral",
    entryPoints: { msw: "mock/msw.ts" },
    external: ["../generated/xai-openapi.effective.json"],
    // Keeps `with { type: "json" }` on that import, which ES2022 lacks (Node 20.10+ and current browsers have it).
    supported: { "import-attributes": true },
  },
  { ...shared, platform: "node", entryPoints: { "mock-cli": "mock/cli.ts" }, banner: { js: "#!/usr/bin/env node" } },
];

/**
 * tsc keeps the sources' `./x.ts` specifiers in declarations (rewriteRelativeImportExtensions only
 * touches JavaScript); `./x.js` is what every TypeScript version and resolution mode understands.
 */
async function rewriteDeclarationImports(folder: string): Promise<void> {
  const relativeTs = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g;
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith(".d.ts"))) {
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    const rewritten = text.replace(relativeTs, "$1$2.js$3");
    if (rewritten !== text) await writeFileAtomic(file, rewritten);
  }
}

async function main(): Promise<void> {
  await rm(dist, { recursive: true, force: true });
  await Promise.all(bundles.map((options) => build({ ...options, outdir: dist })));
  await promisify(execFile)(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      timeout: 5 * 60_000,
    },
  ).catch((error: { stdout?: string; message: string }) => {
    throw new Error(`declaration build failed:\n${error.stdout || error.message}`);
  });
  await chmod(join(dist, "mock-cli.js"), 0o755);
  await rewriteDeclarationImports(join(dist, "types"));
  console.log("built dist/ (index.js, mock.js, msw.js, mock-cli.js, types/)");
}

await main();
