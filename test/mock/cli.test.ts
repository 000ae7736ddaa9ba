/** The CLI: banner on stdout, serves requests, stops cleanly on SIGTERM/SIGINT with no process left behind. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCli } from "./helpers.ts";

const SECRET = "xai-cli-secret-never-logged";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("xai-mock CLI", () => {
  for (const signal of ["SIGTERM"] as const) {
    it(`prints the banner, answers, and exits 0 on ${signal} with no orphan`, async () => {
      const cli = startCli(["--stream-delay-ms", "0"]);
      try {
        const url = await cli.url;
        expect(cli.output()).toContain(`XAI_BASE_URL=${url}`);
        expect(cli.output()).toContain("x-mock-status");
        const response = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${SECRET}` } });
        expect(response.status).toBe(200);
        await response.arrayBuffer();
        const exited = once(cli.child, "exit");
        cli.child.kill(signal);
        const [code] = await Promise.race([
          exited,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no exit within 5 s")), 5_000)),
        ]);
        expect(code).toBe(0);
        expect(alive(cli.child.pid!)).toBe(false);
        expect(cli.output()).toContain("GET /v1/models 200");
        expect(cli.output()).not.toContain(SECRET);
      } finally {
        if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
      }
    });
  }

  const failingRun = async (...args: string[]) => {
    const child = spawn(process.execPath, ["--import", "tsx", "mock/cli.ts", ...args], {
      cwd: new URL("../..", import.meta.url),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const [code] = await once(child, "exit");
    return { code, err };
  };

  it("rejects a bad flag value with usage and exit code 2", async () => {
    const port = await failingRun("--port", "http");
    expect(port.code).toBe(2);
    expect(port.err).toContain("--port must be an integer");
    const dialect = await failingRun("--error-dialect", "snake");
    expect(dialect.code).toBe(2);
    expect(dialect.err).toContain("--error-dialect must be kebab or grpc, got 'snake'");
  });

  it("a malformed --models catalogue stops start-up naming the entry", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cli-models-"));
    const file = join(dir, "models.json");
    await writeFile(
      file,
      JSON.stringify([
        { id: "grok-9", kind: "language" },
        { id: "", kind: "language" },
      ]),
    );
    const { code, err } = await failingRun("--port", "0", "--models", file);
    expect(code).toBe(2);
    expect(err).toContain(`xai-mock: model catalogue ${file}: entry 1: "id" must be a model name, got ""`);
  });
});
