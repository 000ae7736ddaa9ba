/**
 * Headless Debian Chromium driven by playwright-core (1.65: runs on Node 20 and speaks CDP to this
 * Chromium; Playwright's own browser download cannot run here). A fresh profile every launch, and
 * every request outside loopback is aborted, so a page can only pass by working offline.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

const args = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

export interface Chromium {
  context: BrowserContext;
  /** URLs the page tried to load outside loopback (aborted). */
  blocked: string[];
  close(): Promise<void>;
}

export function isLoopbackUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

export async function launchChromium(executablePath: string): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), "xai-chromium-"));
  const context = await chromium
    .launchPersistentContext(profile, { executablePath, headless: true, args, viewport: { width: 1100, height: 760 } })
    .catch(async (error: unknown) => {
      await rm(profile, { recursive: true, force: true });
      throw error;
    });
  const blocked: string[] = [];
  await context.route(
    (url) => !isLoopbackUrl(url.href),
    (route) => {
      blocked.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  return {
    context,
    blocked,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
