/**
 * `npm run docs` → docs/reference/ (git-ignored), readable offline:
 *   index.html   the HTTP API reference, rendered by Redocly from the effective spec with the Redoc
 *                bundle inlined (`--inlineBundle`; without it the page loads Redoc from a CDN);
 *   client/      the TypeScript client's own reference (TypeDoc 0.28: runs on Node 20, supports TS 5.9),
 *                linked from the API reference's introduction and back.
 * The result is built in a sibling folder and renamed into place. The build fails if either page
 * would fetch anything from outside (script, stylesheet, font, image).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "docs/reference");
const bin = (name: string) => join(root, "node_modules/.bin", name);
const run = promisify(execFile);

/** The effective spec with a pointer to the client reference added to its introduction. */
async function specWithClientLink(): Promise<Record<string, any>> {
  const spec = JSON.parse(await readFile(join(root, "generated/xai-openapi.effective.json"), "utf8"));
  spec.info.description = `${spec.info.description ?? ""}

---

**TypeScript client:** every operation below is one typed method of \`createXai()\` — see the
[client reference](client/index.html) (generated from the client's source).`;
  return spec;
}

/** Redoc's "API docs by Redocly" badge, as an inline wordmark instead of an image from Redocly's CDN. */
const redoclyBadge = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="52" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#333">Redocly</text></svg>',
)}`;

/**
 * Even with the bundle inlined, Redoc's code names a CDN for its badge and icons and a telemetry
 * collector (telemetry is switched off above). The badge is replaced; a Content-Security-Policy then
 * forbids every load that is not the page itself or inline, so the reference cannot reach the network.
 */
async function offlineApiPage(file: string): Promise<void> {
  const csp = [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
  ].join("; ");
  const html = (await readFile(file, "utf8"))
    .replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, redoclyBadge)
    .replace("<head>", `<head>\n<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  if (!html.includes("Content-Security-Policy")) throw new Error(`no <head> in ${file}`);
  await writeFile(file, html);
}

/** External resources a page would load (links to other sites are fine; loads are not). */
export function externalLoads(html: string): string[] {
  const patterns = [
    /<script[^>]+src=["'](https?:)?\/\/[^"']+/gi,
    /<link[^>]+href=["'](https?:)?\/\/[^"']+/gi,
    /<img[^>]+src=["'](https?:)?\/\/[^"']+/gi,
    /@import\s+(url\()?["']?(https?:)?\/\/[^"')\s]+/gi,
    /url\(["']?(https?:)?\/\/[^"')\s]+/gi,
  ];
  return patterns.flatMap((pattern) => html.match(pattern) ?? []);
}

/** TypeDoc copies navigation links verbatim into pages at every depth; each page needs its own relative path. */
const apiReferencePlaceholder = "xai-api-reference-link";

async function linkApiReference(file: string, staging: string): Promise<string> {
  const html = await readFile(file, "utf8");
  if (!html.includes(apiReferencePlaceholder)) return html;
  const upward = relative(dirname(file), join(staging, "index.html"));
  const linked = html.replaceAll(`href="${apiReferencePlaceholder}"`, `href="${upward}"`);
  await writeFile(file, linked);
  return linked;
}

async function htmlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".html")).map((e) => join(e.parentPath, e.name));
}

/** Builds docs/reference/ and returns the path of its entry page. */
export async function buildDocs(): Promise<string> {
  const staging = `${target}.${process.pid}.tmp`;
  const scratch = await mkdtemp(join(tmpdir(), "xai-docs-"));
  try {
    await rm(staging, { recursive: true, force: true });
    const specPath = join(scratch, "xai-openapi.json");
    await writeFile(specPath, JSON.stringify(await specWithClientLink()));
    await run(
      bin("redocly"),
      [
        "build-docs",
        specPath,
        "--inlineBundle",
        "--openapi.disableTelemetry=true",
        "--title",
        "xAI REST API reference",
        "-o",
        join(staging, "index.html"),
      ],
      {
        cwd: root,
        timeout: 5 * 60_000,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );

    // The client alone (the mock is not part of its reference); `npm test` already type-checks it.
    const clientProject = join(scratch, "tsconfig.json");
    await writeFile(
      clientProject,
      JSON.stringify({ extends: join(root, "tsconfig.json"), include: [join(root, "src"), join(root, "generated")] }),
    );
    await offlineApiPage(join(staging, "index.html"));

    const typedocOptions = join(scratch, "typedoc.json");
    await writeFile(
      typedocOptions,
      JSON.stringify({
        entryPoints: [join(root, "src/index.ts")],
        tsconfig: clientProject,
        skipErrorChecking: true,
        disableSources: true,
        out: join(staging, "client"),
        name: "xai-toolkit client",
        readme: "none",
        hideGenerator: true,
        excludePrivate: true,
        excludeInternal: true,
        navigationLinks: { "HTTP API reference": apiReferencePlaceholder },
      }),
    );
    await run(bin("typedoc"), ["--options", typedocOptions], { cwd: root, timeout: 5 * 60_000 });

    const offenders: string[] = [];
    for (const file of await htmlFiles(staging)) {
      const html = await linkApiReference(file, staging);
      for (const load of externalLoads(html)) offenders.push(`${relative(staging, file)}: ${load}`);
    }
    if (offenders.length > 0) throw new Error(`the reference would load external resources:\n${offenders.join("\n")}`);

    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    return join(target, "index.html");
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entry = await buildDocs();
  console.log(
    `docs: ${relative(root, entry)} (HTTP API) and ${relative(root, join(dirname(entry), "client/index.html"))} (client)`,
  );
}
