/**
 * The README's client snippets cannot rot: every `ts` block of the "Client" and "Structured outputs, tools and output
 * helpers" sections that imports `xai-toolkit` is type-checked (strict, this repo's settings) and run against the
 * offline mock, which validates every request against the spec, answers a JSON schema with fitting JSON and calls the
 * tools the question names. Only the order service a snippet's tool fetches is stubbed.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockServer, startMockServer } from "../../mock/index.ts";

const root = join(import.meta.dirname, "../..");
const SECTIONS = ["## Client", "## Structured outputs, tools and output helpers"];

/** The `ts` blocks importing the package, from the README sections above. */
async function snippets(): Promise<string[]> {
  const readme = await readFile(join(root, "README.md"), "utf8");
  return SECTIONS.flatMap((heading) => {
    const start = readme.indexOf(`\n${heading}\n`);
    if (start < 0) throw new Error(`README has no section "${heading}"`);
    const end = readme.indexOf("\n## ", start + heading.length + 2);
    const section = readme.slice(start, end < 0 ? undefined : end);
    return [...section.matchAll(/```ts\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .filter((code) => code.includes('from "xai-toolkit"'));
  });
}

let mock: MockServer;
let dir: string;
/** The snippets as modules importing this repo's src/index.ts. */
let files: string[];
const printed: string[] = [];

beforeAll(async () => {
  mock = await startMockServer({ port: 0, streamDelayMs: 0 });
  await mkdir(join(root, ".cache"), { recursive: true });
  dir = await mkdtemp(join(root, ".cache/readme-"));
  const index = relative(dir, join(root, "src/index.ts"));
  files = await Promise.all(
    (await snippets()).map(async (code, i) => {
      const file = join(dir, `snippet-${i}.ts`);
      await writeFile(file, `${code.replace('from "xai-toolkit"', `from "${index}"`)}\nexport {};\n`);
      return file;
    }),
  );
  vi.stubEnv("XAI_BASE_URL", mock.url);
  vi.stubEnv("XAI_API_KEY", "");
  const realFetch = globalThis.fetch;
  vi.stubGlobal("fetch", (input: Request | string, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input.url);
    if (url.hostname !== "shop.example") return realFetch(input, init);
    return Promise.resolve(Response.json({ id: url.pathname.split("/").pop(), status: "shipped" }));
  });
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  });
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
});

afterAll(async () => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
  await mock?.close();
});

describe("README snippets", () => {
  it("type-check", async () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, "tsconfig.json"),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    const program = ts.createProgram(files, { ...config!.options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? relative(dir, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    expect(problems).toEqual([]);
  });

  it("run against the mock", async () => {
    for (const file of files) await import(file);
    const output = printed.join("\n");
    expect(output).toContain('Here is what the tool returned: {"city":'); // the weather tool's result, quoted
    expect(output).toContain("Q3 revenue: 1.2M"); // the file round trip
    expect(output).toMatch(/^\d+\.\d\d$/m); // the invoice total
    expect(output).toContain("get_order ok"); // the order tool ran
    expect(output).toContain('Here is what the tool returned: {"id":"'); // and the model read its result
  });
});
