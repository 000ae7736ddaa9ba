/**
 * `npm run test:docs`: builds the reference, opens it in headless Chromium with every request outside
 * loopback aborted, and checks that all operations of the effective spec are rendered (by operationId
 * anchor and by summary text), that the client reference is linked and renders, and that neither page
 * tried to load anything from outside. Screenshots go to test-results/docs/.
 */
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { operations } from "../../generated/operations.ts";
import { buildDocs } from "../../scripts/docs.ts";
import { chromiumPath } from "../../scripts/runtimes/catalog.ts";
import { ensureChromium } from "../../scripts/runtimes/install.ts";
import { launchChromium } from "../runtimes/runners/chromium.ts";
import { serveStatic } from "../runtimes/runners/static-server.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const evidence = join(root, "test-results/docs");
const timeout = 60_000;

const spec = JSON.parse(await readFile(join(root, "generated/xai-openapi.effective.json"), "utf8"));
/** Redoc anchors an operation as `<first tag>/<operationId>`. */
function tagOf(path: string, method: string): string {
  return spec.paths[path][method].tags?.[0] ?? "";
}

const results: { check: string; ok: boolean; detail: string }[] = [];
const check = (name: string, ok: boolean, detail = "") => results.push({ check: name, ok, detail });

const entry = await buildDocs();
await ensureChromium((line) => console.error(`[docs] ${line}`));
await mkdir(evidence, { recursive: true });
const folder = dirname(entry);
const server = await serveStatic((pathname) => ({ file: join(folder, pathname === "/" ? "index.html" : pathname) }));
const browser = await launchChromium(chromiumPath);
try {
  const page = await browser.context.newPage();
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content.Security.Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.goto(`${server.origin}/index.html`, { timeout });
  // Redoc renders operations lazily; opening each one's anchor proves it renders, and expands its
  // tag in the sidebar, whose entries are the operation summaries.
  const missingIds: string[] = [];
  for (const op of operations) {
    const anchor = `${tagOf(op.path, op.method)}/${op.operationId}`;
    await page.evaluate((hash) => {
      location.hash = hash;
    }, anchor);
    const found = await page
      .waitForFunction((id) => document.getElementById(id) !== null, anchor, { timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (!found) missingIds.push(op.operationId);
  }
  const text = await page.evaluate(() => document.body.textContent ?? "");
  const missingSummaries = operations.filter((op) => op.summary && !text.includes(op.summary));
  check(
    `all ${operations.length} operations rendered (by operationId anchor)`,
    missingIds.length === 0,
    missingIds.join(", "),
  );
  check(
    `all ${operations.length} operation summaries listed`,
    missingSummaries.length === 0,
    missingSummaries.map((op) => op.operationId).join(", "),
  );
  await page.evaluate(() => {
    location.hash = "";
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: join(evidence, "api-reference.png") });

  const clientLink = page.locator('a[href="client/index.html"]').first();
  check("API reference links the client reference", (await clientLink.count()) === 1);
  await Promise.all([page.waitForURL("**/client/index.html", { timeout }), clientLink.click()]);
  const heading = await page.locator("h1").first().textContent({ timeout });
  check("client reference renders", heading?.includes("xai-toolkit client") === true, heading ?? "no heading");
  check("client reference documents createXai", (await page.locator('a[href*="createXai"]').count()) > 0);
  await page.screenshot({ path: join(evidence, "client-reference.png") });

  check("no request left loopback", browser.blocked.length === 0, browser.blocked.join(", "));
  check("no load refused by the page's Content-Security-Policy", refused.length === 0, refused.join(" | "));
} finally {
  await browser.close();
  await server.close();
}

for (const r of results) console.log(`${r.ok ? "pass" : "FAIL"}  ${r.check}${r.detail ? `  (${r.detail})` : ""}`);
console.log(
  `screenshots: ${relative(root, join(evidence, "api-reference.png"))}, ${relative(root, join(evidence, "client-reference.png"))}`,
);
const failedCount = results.filter((r) => !r.ok).length;
console.log(`docs: ${results.length - failedCount} passed, ${failedCount} failed`);
if (failedCount > 0) process.exitCode = 1;
