/**
 * `xai-toolkit/msw` in headless Chromium: a page on localhost registers msw's service worker with the xAI handlers
 * and runs `browser/page.ts` (bundled with esbuild) — the typed client's calls to https://api.x.ai are answered from
 * fixtures by the worker, streams included, every request validated with Ajv in the page. Chromium is Debian's
 * (installed with apt-get when missing, as the runtime matrix does); every request outside loopback is blocked, so
 * nothing reaches the network.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureChromium } from "../../scripts/runtimes/install.ts";
import { type Chromium, launchChromium } from "../runtimes/runners/chromium.ts";
import { type StaticServer, serveStatic } from "../runtimes/runners/static-server.ts";

const root = new URL("../..", import.meta.url).pathname;
const workerScript = createRequire(import.meta.url).resolve("msw/mockServiceWorker.js");
let dir: string;
let server: StaticServer;
let browser: Chromium;

beforeAll(async () => {
  const executable = await ensureChromium((line) => console.error(`[msw chromium] ${line}`));
  dir = await mkdtemp(join(tmpdir(), "xai-msw-page-"));
  await build({
    absWorkingDir: root,
    entryPoints: ["test/msw/browser/page.ts"],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // The client reaches node: modules only through dynamic imports on Node-only paths.
    external: ["node:*"],
    outfile: join(dir, "page.js"),
    logLevel: "error",
  });
  const page =
    '<!doctype html><meta charset="utf-8"><title>xai msw</title><script type="module" src="/page.js"></script>';
  server = await serveStatic((pathname) => {
    if (pathname === "/") return { body: page, type: "text/html; charset=utf-8" };
    if (pathname === "/page.js") return { file: join(dir, "page.js") };
    if (pathname === "/mockServiceWorker.js") return { file: workerScript };
    return undefined;
  });
  browser = await launchChromium(executable);
}, 16 * 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("answers from fixtures in a service worker: chat, POST SSE streams, a tool run, a refused request, a fault", async () => {
  const tab = await browser.context.newPage();
  const errors: string[] = [];
  tab.on("pageerror", (error) => errors.push(error.message));
  await tab.goto(`${server.origin}/`);
  const result = await tab
    .waitForFunction(() => window.mswResult, undefined, { timeout: 30_000 })
    .then((handle) => handle.jsonValue() as Promise<NonNullable<Window["mswResult"]>>);
  expect(errors).toEqual([]);
  expect(result.error).toBeUndefined();
  expect(result.checks).toEqual({
    chat: "Hello from the service worker.",
    // five token deltas and the finish chunk
    stream: { chunks: 6, text: "Hello from the service worker." },
    responsesStream: "Hello from the service worker.",
    toolRun: "Order A-17 ships today.",
    refused: expect.stringMatching(/^422 .*unknown variant `bogus`/),
    retried: 503,
    afterFault: "Hello from the service worker.",
    journal: ["200 hello", "200 hello", "200 hello", "200 call", "200 answer", "422 -", "503 -", "200 hello"],
  });
  expect(browser.blocked).toEqual([]);
}, 60_000);
