/**
 * Bad fixtures stop start-up with an error naming the file and the JSON path: files that do not parse, fixtures that
 * could never match (a model not in the catalogue, an operation that does not exist, a pattern that does not compile
 * or matches no model, contradicting criteria, an earlier fixture that always answers first) and answers the
 * effective spec rejects in some family they serve.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FixtureError, startMockServer } from "../../mock/index.ts";
import { MODELS } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "xai-fixtures-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function startupError(fixtures: string | unknown[]): Promise<FixtureError> {
  const error = await startMockServer({ port: 0, models: MODELS, fixtures: fixtures as never }).then(
    async (mock) => {
      await mock.close();
      throw new Error("the mock started");
    },
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(FixtureError);
  return error as FixtureError;
}

describe("a fixture file that does not parse", () => {
  it("JSON: names the file and the parser's complaint", async () => {
    const path = file("broken.json", '[{"respond": {"text": "x"}');
    const error = await startupError(path);
    expect(error.message).toMatch(new RegExp(`^fixtures ${path}: \\$: not JSON: `));
  });

  it("YAML: names the file, line and column, and the parser's sentence", async () => {
    const path = file("broken.yaml", "- respond:\n    text: [unclosed\n");
    expect((await startupError(path)).message).toMatch(
      new RegExp(`^fixtures ${path}: line \\d+, column \\d+: not YAML: [A-Z][^\\n]+ \\([A-Z_]+\\)$`),
    );
  });

  it("a file that is missing, or a directory without fixture files", async () => {
    expect((await startupError(join(dir, "nope.json"))).message).toContain("cannot read it (ENOENT)");
    const empty = join(dir, "empty");
    mkdirSync(empty);
    expect((await startupError(empty)).message).toContain("holds no .json, .yaml or .yml file");
  });

  it("a directory: the bad file among good ones is named", async () => {
    const folder = join(dir, "many");
    mkdirSync(folder);
    writeFileSync(join(folder, "a.json"), JSON.stringify([{ respond: { text: "fine" } }]));
    writeFileSync(join(folder, "b.yml"), "fixtures:\n  - match: { model: grok-9 }\n    respond: { text: x }\n");
    const error = await startupError(folder);
    expect(error.source).toBe(join(folder, "b.yml"));
    expect(error.path).toBe("$[0].match.model");
  });
});

describe("a fixture that could never match", () => {
  const cases: [string, unknown, string, RegExp][] = [
    [
      "a model not in the catalogue",
      { match: { model: "grok-9" } },
      "$[0].match.model",
      /'grok-9' is not in the model catalogue \(grok-4-0709, /,
    ],
    [
      "an operation that does not exist",
      { match: { operation: "chat.create" } },
      "$[0].match.operation",
      /no operation 'chat.create'/,
    ],
    [
      "a pattern that does not compile",
      { match: { content: { regex: "(" } } },
      "$[0].match.content",
      /does not compile/,
    ],
    [
      "a model pattern matching no model",
      { match: { model: { regex: "^claude" } } },
      "$[0].match.model",
      /matches no model/,
    ],
    ["contradicting criteria", { match: { tools: false, tool: "x" } }, "$[0].match.tool", /contradicts `tools: false`/],
    [
      "a conversation criterion on another operation",
      { match: { operation: "handle_embedding_request", content: "x" }, respond: { error: { status: 500 } } },
      "$[0].match.content",
      /only chat, responses and messages requests have it/,
    ],
  ];
  for (const [what, partial, path, message] of cases) {
    it(what, async () => {
      const error = await startupError([{ respond: { text: "x" }, ...(partial as object) }]);
      expect([error.source, error.path]).toEqual(["fixtures option", path]);
      expect(error.problem).toMatch(message);
    });
  }
});

describe("a fixture an earlier one always answers first", () => {
  it("a catch-all, the same criteria, or a looser substring before it: named with the one that shadows it", async () => {
    const catchAll = await startupError([
      { respond: { text: "any" } },
      { match: { content: "hi" }, respond: { text: "x" } },
    ]);
    expect([catchAll.path, catchAll.problem]).toEqual([
      "$[1]",
      expect.stringMatching(/^it could never match: \$\[0\] \('fixtures option#0'\) matches every request it does/),
    ]);
    const looser = await startupError([
      { match: { model: "grok-4", content: "order" }, respond: { text: "a" } },
      { match: { model: "grok-4-0709", content: "order #5", tools: true }, respond: { text: "b" } },
    ]);
    expect(looser.path).toBe("$[1]");
  });

  it("not when the earlier one has `times`, serves fewer operations, or asks for something the later one does not", async () => {
    const mock = await startMockServer({
      port: 0,
      models: MODELS,
      fixtures: [
        { times: 1, respond: { text: "first" } },
        { match: { operation: "chat.completions.create" }, respond: { text: "chat" } },
        { match: { content: "order #5" }, respond: { text: "five" } },
        { match: { content: "order" }, respond: { text: "any order" } },
        { respond: { text: "rest" } },
      ] as never,
    });
    expect(mock.fixtures.list()).toHaveLength(5);
    await mock.close();
  });

  it("across the files of a directory: the file and path of both are named", async () => {
    const folder = join(dir, "shadowed");
    mkdirSync(folder);
    writeFileSync(join(folder, "a.yaml"), "- match: { tools: true }\n  respond: { text: tools }\n");
    writeFileSync(
      join(folder, "b.json"),
      JSON.stringify([{ match: { tool: "f", tools: true }, respond: { text: "f" } }]),
    );
    const error = await startupError(folder);
    expect([error.source, error.path]).toEqual([join(folder, "b.json"), "$[0]"]);
    expect(error.problem).toContain(`$[0] of ${join(folder, "a.yaml")}`);
  });
});

describe("a fixture whose answer the spec rejects, or that is not a fixture", () => {
  it("in a file: the file and the JSON path of the answer", async () => {
    const yaml = "fixtures:\n  - respond:\n      - text: ok\n      - text: x\n        usage: { input: 3000000000 }\n";
    const path = file("invalid-answer.yaml", yaml);
    const error = await startupError(path);
    expect([error.source, error.path]).toEqual([path, "$[0].respond[1]"]);
    expect(error.message).toMatch(
      new RegExp(`^fixtures ${path}: \\$\\[0\\]\\.respond\\[1\\]: rendered as chat .* the effective spec rejects`),
    );
  });

  it("usage past int32: rendered in every family, the first that rejects it is named", async () => {
    const error = await startupError([{ respond: { text: "x", usage: { input: 3_000_000_000 } } }]);
    expect(error.path).toBe("$[0].respond");
    expect(error.problem).toMatch(
      /^rendered as chat \(POST \/v1\/chat\/completions\), it is an answer the effective spec rejects: body\/usage\/.*must match format "int32"/,
    );
  });

  it("a body missing what the operation's schema requires", async () => {
    const error = await startupError([{ match: { operation: "handle_embedding_request" }, respond: [{ text: "no" }] }]);
    expect(error.problem).toMatch(/a model answer .* answers only chat, responses and messages/);
    const body = await startupError([
      { match: { operation: "handle_embedding_request" }, respond: [{ body: { object: "list" } }] },
    ]);
    expect([body.path, body.problem]).toEqual([
      "$[0].respond[0]",
      expect.stringMatching(
        /POST \/v1\/embeddings → 200: the body is an answer the effective spec rejects: body must have required property/,
      ),
    ]);
  });

  it("arguments that are not a JSON object; text beside tool calls; a misspelt key", async () => {
    const args = await startupError([{ respond: { toolCalls: [{ name: "f", arguments: "[1]" }] } }]);
    expect([args.path, args.problem]).toEqual([
      "$[0].respond.toolCalls[0].arguments",
      expect.stringContaining("JSON object"),
    ]);
    const both = await startupError([{ respond: { text: "x", toolCalls: [{ name: "f" }] } }]);
    expect(both.path).toBe("$[0].respond.toolCalls");
    const typo = await startupError([{ respnd: { text: "x" } }]);
    expect(typo.path).toBe("$[0]");
    expect(typo.problem).toMatch(/'respnd' is not part of the fixture format|must have required property 'respond'/);
    const sequence = await startupError([{ respond: [{ text: "a" }, { text: 5 }] }]);
    expect([sequence.path, sequence.problem]).toEqual(["$[0].respond[1].text", "must be string"]);
  });

  it("the CLI: exit 2, the error on stderr", () => {
    const path = file("cli.json", [{ match: { model: "grok-9" }, respond: { text: "x" } }]);
    const run = spawnSync(process.execPath, ["--import", "tsx", "mock/cli.ts", "--port", "0", "--fixtures", path], {
      cwd: new URL("../..", import.meta.url),
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `xai-mock: fixtures ${path}: $[0].match.model: the model 'grok-9' is not in the model catalogue`,
    );
  });
});
