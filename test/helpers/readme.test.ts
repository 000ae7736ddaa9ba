/**
 * The README's client snippets cannot rot: every `ts` block of the "Client" and "Structured outputs, tools and output
 * helpers" sections that imports `xai-toolkit` is type-checked (strict, this repo's settings) and run against the
 * offline mock. Every request still reaches the mock, which validates it against the spec; where a snippet needs the
 * model to answer JSON or call its tool — which the mock's fixed examples never do — the answer is scripted.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import {
  chatResponse,
  chatStream,
  chatToolCall,
  functionCallItem,
  modelResponse,
  outputMessage,
  responseStream,
} from "./fixtures.ts";

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

const PERSON = { name: "Ada Lovelace", born: 1815 };
const INVOICE = { vendor: "ACME", total: 30, lines: [{ item: "widget" }, { item: "widget" }, { item: "gadget" }] };

/** The scripted answer for a request the snippets send, or undefined to keep the mock's. */
function script(url: URL, body: Record<string, any> | undefined): Response | undefined {
  if (url.hostname === "shop.example") return Response.json({ id: url.pathname.split("/").pop(), status: "shipped" });
  if (!body) return undefined;
  const json = JSON.stringify(body.text?.format?.name === "invoice" ? INVOICE : PERSON);
  if (url.pathname === "/v1/chat/completions") {
    if (body.response_format?.type === "json_schema") {
      return body.stream
        ? chatStream([json.slice(0, 9), json.slice(9)])
        : Response.json(chatResponse({ content: json }));
    }
    const asksForTool = body.tools?.length && !body.messages.some((m: { role: string }) => m.role === "tool");
    if (asksForTool)
      return Response.json(
        chatResponse({ tool_calls: [chatToolCall("call_1", "get_weather", { city: "Paris" })] }, "tool_calls"),
      );
  }
  if (url.pathname === "/v1/responses") {
    if (body.text?.format?.type === "json_schema") {
      const final = modelResponse([outputMessage(json)]);
      return body.stream
        ? responseStream(final, [json.slice(0, 12), json.slice(12, 40), json.slice(40)])
        : Response.json(final);
    }
    const answered =
      Array.isArray(body.input) && body.input.some((item: { type?: string }) => item.type === "function_call_output");
    if (body.tools?.length && !answered)
      return Response.json(modelResponse([functionCallItem("call_1", "get_order", { id: "A-17" })]));
  }
  return undefined;
}

let mock: MockServer;
let dir: string;
/** The snippets as modules importing this repo's src/index.ts. */
let files: string[];
const realFetch = globalThis.fetch;
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
  vi.stubGlobal("fetch", async (input: Request | string, init?: RequestInit) => {
    const request = typeof input === "string" ? new Request(input, init) : input;
    const url = new URL(request.url);
    const text = request.body ? await request.clone().text() : "";
    const body = text && request.headers.get("content-type")?.includes("json") ? JSON.parse(text) : undefined;
    if (url.hostname !== "shop.example") {
      const answer = await realFetch(request, init);
      if (!answer.ok)
        throw new Error(`the mock rejected ${request.method} ${url.pathname}: ${answer.status} ${await answer.text()}`);
      const scripted = script(url, body);
      if (!scripted) return answer;
      await answer.body?.cancel();
      return scripted;
    }
    return script(url, body)!;
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
    expect(output).toContain("Ada Lovelace 1815"); // structured output
    expect(output).toContain("Q3 revenue: 1.2M"); // the file round trip
    expect(output).toContain("30.00"); // the invoice
    expect(output).toContain("get_order ok"); // the tool run
    expect(output).toContain("3 ACME"); // the last partial invoice
  });
});
