/**
 * What a user's editor shows: hovers and compiler errors name the spec's types (`ChatResponse`, `Skill`) instead of
 * printing their objects, and a derived method shows its parameters by name with the operation's summary. Checked
 * with the TypeScript language service on a consumer file, as an editor would.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const consumer = `import { createXai } from ${JSON.stringify(new URL("../../src/index.ts", import.meta.url).pathname)};
const xai = createXai({ apiKey: "k" });
export async function run(stream: boolean) {
  const completion = await xai.chat.completions.create({ model: "grok-4", messages: [{ role: "user", content: "Hi" }] });
  const either = await xai.chat.completions.create({ model: "grok-4", messages: [], stream });
  const skill = xai.skills.retrieve;
  const pending = await xai.images.retrieve("request-1");
  const count: number = await xai.files.retrieve("file-1");
  return [completion, either, skill, pending, count];
}
`;

let dir: string;
let file: string;
let service: ts.LanguageService;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "type-names-"));
  file = join(dir, "consumer.ts");
  writeFileSync(file, consumer);
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: [],
  };
  service = ts.createLanguageService({
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) =>
      ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name)!) : undefined,
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The hover text and documentation at the end of the first occurrence of `marker`. */
function hover(marker: string): { text: string; docs: string } {
  const info = service.getQuickInfoAtPosition(file, consumer.indexOf(marker) + marker.length - 1);
  return { text: ts.displayPartsToString(info?.displayParts), docs: ts.displayPartsToString(info?.documentation) };
}

describe("editors name the spec's types", () => {
  it("a result's hover names its schema", () => {
    expect(hover("const completion").text).toBe("const completion: ChatResponse");
    expect(hover("const pending").text).toBe("const pending: GetDeferredImageResponse | undefined");
  });

  it("`stream` as a boolean variable is accepted and gives the union", () => {
    expect(hover("const either").text).toBe("const either: ChatResponse | ChatCompletionStream");
  });

  it("a derived method shows its named parameters, its result's name and the operation's summary", () => {
    const { text, docs } = hover("xai.skills.retrieve");
    expect(text).toBe(
      "(property) retrieve: (skillId: string, options?: RequestOptions | undefined) => APIPromise<Skill>",
    );
    expect(docs).toBe("Retrieve skill — `GET /v1/skills/{skill_id}`");
  });

  it("a compiler error names the type rather than printing it", () => {
    const messages = service
      .getSemanticDiagnostics(file)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    expect(messages).toEqual(["Type 'FileObject' is not assignable to type 'number'."]);
  });
});
