/**
 * The package as a user gets it: `npm pack`, then a throwaway consumer project outside the repo
 * installs the tarball (plus the mock's optional peers), type-checks the smoke under TypeScript
 * strict with `moduleResolution` bundler and node16 (no skipLibCheck: our declarations are checked
 * too), and runs it with the mock started from `xai-toolkit/mock`, then against `xai-toolkit/msw`'s handlers in
 * msw's `setupServer` (no port). publint and attw lint the package.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describeFailure, parseSmokeLine, type RuntimeOutcome } from "../runtimes/runners/outcome.ts";

const run = promisify(execFile);
const limits = { timeout: 5 * 60_000, maxBuffer: 32 * 1024 * 1024 };

interface Manifest {
  version: string;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

const consumerMain = `import { startMockServer } from "xai-toolkit/mock";
import { runSmoke } from "./smoke.js";

const mock = await startMockServer({ port: 0 });
try {
  const result = await runSmoke(mock.url);
  console.log(JSON.stringify(result));
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await mock.close();
}
`;

/** The client against `https://api.x.ai`, answered in process by the msw handlers from a fixture. */
const consumerMsw = `import { setupServer } from "msw/node";
import { createXai } from "xai-toolkit";
import { defineFixtures, xaiHandlers } from "xai-toolkit/msw";

const mock = xaiHandlers({
  fixtures: defineFixtures({ name: "hello", match: { content: "hello" }, respond: { text: "Hello from msw." } }),
});
const server = setupServer(...mock.handlers);
server.listen({ onUnhandledRequest: "error" });
try {
  const xai = createXai({ baseUrl: "https://api.x.ai", apiKey: "xai-consumer-key", maxRetries: 0 });
  const completion = await xai.chat.completions.create({
    model: "grok-4",
    messages: [{ role: "user", content: "hello" }],
  });
  const text = completion.choices[0]?.message.content;
  mock.journal.expectCalled({ operation: "chat.completions.create", times: 1 });
  console.log(JSON.stringify({ text, fixture: mock.journal.entries()[0]?.fixture }));
  process.exitCode = text === "Hello from msw." ? 0 : 1;
} finally {
  server.close();
}
`;

function tsconfig(resolution: "bundler" | "node16"): string {
  const modes =
    resolution === "bundler"
      ? { module: "ESNext", moduleResolution: "Bundler", noEmit: true }
      : { module: "Node16", moduleResolution: "Node16", outDir: "out" };
  return JSON.stringify({
    compilerOptions: {
      ...modes,
      target: "ES2022",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      types: ["node"],
      strict: true,
      skipLibCheck: false,
    },
    files: ["main.ts", "smoke.ts", "msw.ts"],
  });
}

/** The tool's own output, trimmed to what a table cell can hold. */
function output(error: unknown): string {
  const e = error as { stdout?: string; stderr?: string; message: string };
  return `${e.stdout ?? ""}\n${e.stderr ?? ""}`.trim() || e.message;
}

export async function checkPackage(root: string, log: (line: string) => void): Promise<RuntimeOutcome[]> {
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as Manifest;
  const bin = (name: string) => join(root, "node_modules/.bin", name);
  const tsc = [join(root, "node_modules/typescript/bin/tsc")];
  const outcomes: RuntimeOutcome[] = [];
  /** Runs one step as a table row: its return value is the detail, a throw fails the row. */
  const record = async (name: string, version: string, step: () => Promise<string>): Promise<boolean> => {
    const started = performance.now();
    const row = await step().then(
      (detail) => ({ ok: true, detail }),
      (error: unknown) => ({ ok: false, detail: describeFailure(undefined, output(error)) }),
    );
    outcomes.push({ runtime: name, version, ms: Math.round(performance.now() - started), ...row });
    return row.ok;
  };

  await record("publint", "0.3.25", async () => {
    const { stdout } = await run(bin("publint"), ["--strict"], { cwd: root, ...limits });
    if (!stdout.includes("All good")) throw Object.assign(new Error("publint reported problems"), { stdout });
    return "All good";
  });
  // esm-only: CommonJS callers reach the package through require(esm) (Node >= 20.19), which attw's
  // node16-from-CJS mode does not model; every ESM and bundler resolution must be clean.
  await record("attw", "0.18.5", async () => {
    await run(bin("attw"), ["--pack", ".", "--profile", "esm-only", "--format", "table-flipped"], {
      cwd: root,
      ...limits,
    });
    return "no problems (profile esm-only)";
  });

  const scratch = await mkdtemp(join(tmpdir(), "xai-consumer-"));
  try {
    const { stdout: packed } = await run("npm", ["pack", "--json", "--pack-destination", scratch], {
      cwd: root,
      ...limits,
    });
    const [pack] = JSON.parse(packed) as { filename: string; size: number; entryCount: number }[];
    if (!pack) throw new Error(`npm pack printed no result: ${packed}`);
    const { filename, size, entryCount } = pack;
    const tarball = join(scratch, filename);
    log(`packed ${filename}: ${entryCount} files, ${(size / 1024).toFixed(0)} KiB`);

    const project = join(scratch, "consumer");
    const installed = await record("npm install <tarball>", filename, async () => {
      await mkdir(project);
      const typesNode = JSON.parse(await readFile(join(root, "node_modules/@types/node/package.json"), "utf8")).version;
      await writeFile(
        join(project, "package.json"),
        JSON.stringify({
          name: "xai-toolkit-consumer",
          private: true,
          type: "module",
          dependencies: { "xai-toolkit": `file:${tarball}`, ...manifest.peerDependencies },
          devDependencies: { "@types/node": typesNode },
        }),
      );
      await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline"], {
        cwd: project,
        ...limits,
      });
      return `${entryCount} files, ${(size / 1024).toFixed(0)} KiB packed`;
    });
    if (!installed) return outcomes;

    const smoke = (await readFile(join(root, "test/runtimes/smoke.ts"), "utf8")).replace(
      /from "\.\.\/\.\.\/src\/index\.ts"/,
      'from "xai-toolkit"',
    );
    if (!smoke.includes('from "xai-toolkit"'))
      throw new Error("test/runtimes/smoke.ts no longer imports ../../src/index.ts");
    await writeFile(join(project, "smoke.ts"), smoke);
    await writeFile(join(project, "main.ts"), consumerMain);
    await writeFile(join(project, "msw.ts"), consumerMsw);
    await writeFile(join(project, "tsconfig.bundler.json"), tsconfig("bundler"));
    await writeFile(join(project, "tsconfig.node16.json"), tsconfig("node16"));

    await record("consumer tsc (bundler)", "strict", async () => {
      await run(process.execPath, [...tsc, "-p", "tsconfig.bundler.json"], { cwd: project, ...limits });
      return "typechecks, skipLibCheck off";
    });
    const compiled = await record("consumer tsc (node16)", "strict", async () => {
      await run(process.execPath, [...tsc, "-p", "tsconfig.node16.json"], { cwd: project, ...limits });
      return "typechecks and emits, skipLibCheck off";
    });
    if (compiled) {
      await record("consumer smoke (node16 build)", process.versions.node, async () => {
        const { stdout } = await run(process.execPath, ["out/main.js"], {
          cwd: project,
          ...limits,
          timeout: 60_000,
        }).catch((error: { stdout?: string; stderr?: string }) => {
          const result = parseSmokeLine(error.stdout ?? "");
          throw Object.assign(new Error("smoke failed"), { stdout: describeFailure(result, output(error)) });
        });
        const result = parseSmokeLine(stdout);
        if (!result?.ok) throw Object.assign(new Error("smoke failed"), { stdout: describeFailure(result, stdout) });
        return `${Object.keys(result.checks).join(", ")} (mock from xai-toolkit/mock)`;
      });
      await record("consumer msw (node16 build)", process.versions.node, async () => {
        const { stdout } = await run(process.execPath, ["out/msw.js"], { cwd: project, ...limits, timeout: 60_000 });
        return `${stdout.trim()} (setupServer with xai-toolkit/msw)`;
      });
    }
    // No CommonJS build: Node >= 20.19 loads this ESM package from require() (require(esm)).
    await record("consumer require() (CJS)", process.versions.node, async () => {
      const probe =
        'const { createXai, APIError } = require("xai-toolkit"); if (typeof createXai !== "function" || typeof APIError !== "function") process.exit(1);';
      await run(process.execPath, ["--input-type=commonjs", "-e", probe], { cwd: project, ...limits, timeout: 60_000 });
      return 'require("xai-toolkit") loads the ESM build';
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return outcomes;
}
