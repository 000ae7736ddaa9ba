/**
 * Headless Chromium: a page on its own localhost origin imports the built package (dist/index.js, its
 * dependencies through an import map) and runs the smoke against the mock cross-origin.
 * The page's result is screenshotted as evidence.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import type { SmokeResult } from "../smoke.ts";
import { type Chromium, launchChromium } from "./chromium.ts";
import type { RuntimeOutcome } from "./outcome.ts";
import { serveStatic } from "./static-server.ts";

/** Import map entries for the package's runtime dependencies, served from the repo's node_modules. */
async function importMap(root: string): Promise<{ map: Record<string, string>; folders: Map<string, string> }> {
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const resolveFromRoot = createRequire(join(root, "package.json"));
  const map: Record<string, string> = {};
  const folders = new Map<string, string>();
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const folder = dirname(resolveFromRoot.resolve(`${name}/package.json`));
    // The "import" entry, as a browser following the import map would load it.
    const entry = import.meta.resolve(name);
    folders.set(name, folder);
    map[name] = `/deps/${name}/${relative(folder, new URL(entry).pathname)}`;
  }
  return { map, folders };
}

export async function runSmokeInChromium(
  executablePath: string,
  version: string,
  root: string,
  browserBundle: string,
  mockUrl: string,
  screenshotPath: string,
  timeoutMs = 60_000,
): Promise<RuntimeOutcome> {
  const started = performance.now();
  const { map, folders } = await importMap(root);
  const page = (await readFile(join(root, "test/runtimes/entries/browser.html"), "utf8")).replace(
    "<!--IMPORTMAP-->",
    `<script type="importmap">${JSON.stringify({ imports: map })}</script>`,
  );
  const server = await serveStatic((pathname) => {
    if (pathname === "/") return { body: page, type: "text/html; charset=utf-8" };
    if (pathname === "/smoke-browser.mjs") return { file: browserBundle };
    if (pathname.startsWith("/dist/")) return { file: join(root, pathname) };
    for (const [name, folder] of folders) {
      if (pathname.startsWith(`/deps/${name}/`)) return { file: join(folder, pathname.slice(`/deps/${name}/`.length)) };
    }
    return undefined;
  });
  const outcome = (ok: boolean, detail: string): RuntimeOutcome => ({
    runtime: "chromium",
    version,
    ok,
    ms: Math.round(performance.now() - started),
    detail,
  });
  let browser: Chromium | undefined;
  try {
    browser = await launchChromium(executablePath);
    const tab = await browser.context.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    tab.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await tab.goto(`${server.origin}/?mock=${encodeURIComponent(mockUrl)}`, { timeout: timeoutMs });
    const result = await tab
      .waitForFunction(() => window.smokeResult, undefined, { timeout: timeoutMs })
      .then((handle) => handle.jsonValue() as Promise<SmokeResult>)
      .catch(() => undefined);
    await tab.screenshot({ path: screenshotPath, fullPage: true });
    if (!result) return outcome(false, `the page produced no result; ${errors.join(" | ") || "no page errors"}`);
    if (!result.ok) return outcome(false, `${result.failed?.check}: ${result.failed?.error}; ${errors.join(" | ")}`);
    return outcome(true, `${Object.keys(result.checks).join(", ")}; screenshot ${relative(root, screenshotPath)}`);
  } catch (error) {
    return outcome(false, (error as Error).message.split("\n")[0] ?? "");
  } finally {
    await browser?.close();
    await server.close();
  }
}
