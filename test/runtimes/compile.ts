/**
 * Compiles the smoke entries for each kind of runtime, with the smoke's `src/index.ts` import
 * replaced by the BUILT package (dist/index.js), so every runtime exercises what users install.
 */
import { join } from "node:path";
import { build, type Plugin } from "esbuild";

/** `../../src/index.ts` (the public API) → `target`: left as an import when `external`, bundled otherwise. */
function useBuiltPackage(target: string, external: boolean): Plugin {
  return {
    name: "use-built-package",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\/src\/index\.ts$/ }, () => ({ path: target, external }));
    },
  };
}

export interface CompiledSmoke {
  /** For Node, Bun and Deno: imports dist/index.js, whose own imports resolve in the repo's node_modules. */
  cli: string;
  /** For workerd: one self-contained module (dist/index.js and its dependencies bundled in). */
  worker: string;
  /** For the page: imports `/dist/index.js` from the page's server; dependencies come from its import map. */
  browser: string;
}

export async function compileSmoke(root: string, outDir: string): Promise<CompiledSmoke> {
  const dist = join(root, "dist/index.js");
  const entries = (name: string) => join(root, "test/runtimes/entries", `${name}.ts`);
  const common = { bundle: true, format: "esm", target: "es2022", logLevel: "warning" } as const;
  const compiled: CompiledSmoke = {
    cli: join(outDir, "smoke-cli.mjs"),
    worker: join(outDir, "smoke-worker.mjs"),
    browser: join(outDir, "smoke-browser.mjs"),
  };
  await Promise.all([
    build({
      ...common,
      platform: "neutral",
      entryPoints: [entries("cli")],
      outfile: compiled.cli,
      plugins: [useBuiltPackage(dist, true)],
    }),
    build({
      ...common,
      platform: "browser",
      conditions: ["workerd", "worker", "browser"],
      // Node-only paths of the client import these dynamically; workerd never evaluates them.
      external: ["node:*"],
      entryPoints: [entries("worker")],
      outfile: compiled.worker,
      plugins: [useBuiltPackage(dist, false)],
    }),
    build({
      ...common,
      platform: "browser",
      entryPoints: [entries("browser")],
      outfile: compiled.browser,
      plugins: [useBuiltPackage("/dist/index.js", true)],
    }),
  ]);
  return compiled;
}
