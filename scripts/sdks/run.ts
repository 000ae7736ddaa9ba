/**
 * `npm run test:sdks`: the SDKs people point at xAI — openai-node, the Anthropic SDK, the AI SDK's xAI provider and
 * LangChain's ChatXAI, pinned exactly in test/sdks/package.json — run against the offline mock. Several declare
 * Node ≥ 22, so the tests run in the Node 22 of the runtime matrix (installed on demand into the same cache as
 * `npm run test:runtimes`) with Node's own test runner; the mock runs here, from source, on 127.0.0.1.
 * The SDKs are installed with `npm ci` into test/sdks/node_modules, again only when the lockfile changed.
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startMockServer } from "../../mock/index.ts";
import { packagedRuntimes } from "../runtimes/catalog.ts";
import { ensureRuntime, probeVersion } from "../runtimes/install.ts";

const run = promisify(execFile);
const suite = join(dirname(fileURLToPath(import.meta.url)), "../../test/sdks");
const log = (line: string) => console.error(`[sdks] ${line}`);
/** Bound on the whole test run: the SDKs' own timeouts are minutes long. */
const RUN_TIMEOUT_MS = 5 * 60_000;

async function installSdks(): Promise<void> {
  const lock = readFileSync(join(suite, "package-lock.json"));
  const stamp = join(suite, "node_modules", ".lock-sha256");
  const digest = createHash("sha256").update(lock).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return;
  log("installing the pinned SDKs (npm ci in test/sdks)");
  await run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: suite,
    timeout: 10 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  writeFileSync(stamp, digest);
}

function pinned(): string {
  const { dependencies } = JSON.parse(readFileSync(join(suite, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  return Object.entries(dependencies)
    .map(([name, version]) => `${name}@${version}`)
    .join(", ");
}

async function main(): Promise<number> {
  const [node] = await Promise.all([ensureRuntime(packagedRuntimes.node22, log), installSdks()]);
  log(`Node ${await probeVersion(node)}; ${pinned()}`);
  const mock = await startMockServer({ port: 0 });
  try {
    const files = readdirSync(suite)
      .filter((name) => name.endsWith(".sdk.ts"))
      .sort();
    const child = spawn(node, ["--test", "--test-reporter=spec", ...files], {
      cwd: suite,
      env: { ...process.env, XAI_MOCK_URL: mock.url, NODE_NO_WARNINGS: "1" },
      stdio: "inherit",
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    const code = await new Promise<number>((resolve) => child.on("close", (status) => resolve(status ?? 1)));
    clearTimeout(timer);
    return code;
  } finally {
    await mock.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:sdks: ${(error as Error).message}`);
    process.exit(1);
  },
);
