/** The record & replay surface of the `xai-mock` CLI: `record`, `cassettes check`, `--replay`, their bad input. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCli } from "../mock/helpers.ts";
import { FAKE_KEY, type FakeUpstream, MODELS, OTHER_KEY } from "./fake-upstream.ts";
import { ask, post, recordSample, updatedSpecText } from "./sample.ts";

let upstream: FakeUpstream;
let dir: string;

beforeAll(async () => {
  ({ dir, upstream } = await recordSample());
});
afterAll(() => upstream?.close());

/** Runs the CLI to its end (bounded: 60 s). */
async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "mock/cli.ts", ...args], {
    cwd: new URL("../..", import.meta.url),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [code] = await once(child, "exit");
  clearTimeout(timer);
  return { code, out };
}

async function stop(cli: ReturnType<typeof startCli>): Promise<number> {
  const exited = once(cli.child, "exit");
  cli.child.kill("SIGTERM");
  const [code] = await exited;
  return code;
}

describe("xai-mock record", () => {
  it("relays through its banner URL, writes the cassette, and exits 0 on SIGTERM", async () => {
    const cassettes = await mkdtemp(join(tmpdir(), "cli-record-"));
    const cli = startCli(["record", "--cassettes", cassettes, "--upstream", upstream.url]);
    try {
      const url = await cli.url;
      const response = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${FAKE_KEY}` } });
      expect(await response.json()).toEqual(MODELS);
      await expect.poll(() => cli.output(), { timeout: 10_000 }).toMatch(/GET \/v1\/models → 200 · body in \d+ ms · /);
      expect(await stop(cli)).toBe(0);
      const [file, ...others] = await readdir(cassettes);
      expect(others).toEqual([]);
      expect(await readFile(join(cassettes, file!), "utf8")).not.toContain(FAKE_KEY);
      expect(cli.output()).not.toContain(FAKE_KEY);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
    }
  });

  it("redacts the XAI_API_KEY it runs with, prints refusals and violations under their exchange, never a key", async () => {
    const cassettes = await mkdtemp(join(tmpdir(), "cli-record-"));
    // The caller authenticates with another token: the key appears only in the body, and only the
    // environment tells the recorder it is a secret.
    const caller = { authorization: "Bearer caller-token-not-the-key" };
    const cli = startCli(["record", "--cassettes", cassettes, "--upstream", upstream.url], { XAI_API_KEY: FAKE_KEY });
    try {
      const url = await cli.url;
      const echoed = await (await post(url, ask(`remember ${FAKE_KEY}`), caller)).json();
      expect(echoed.choices[0].message.content).toContain(FAKE_KEY);
      expect((await post(url, ask("leak another key"), caller)).status).toBe(200);
      expect((await post(url, ask("break the contract"), caller)).status).toBe(200);
      await expect.poll(() => cli.output(), { timeout: 10_000 }).toContain("response violates the spec:");
      expect(await stop(cli)).toBe(0);
      const lines = cli.output().split("\n");
      const refused = lines.findIndex((line) => line.includes("✗ refused to write"));
      expect(lines[refused]).toMatch(
        /^ {2}POST \/v1\/chat\/completions → 200 · body in \d+ ms ✗ refused to write post-v1-chat-completions-[0-9a-f]{12}-0\.json: it still holds an xAI API key \(xai-…\) at \/response\/body\/json\/choices\/0\/message\/content$/,
      );
      const violation = lines.findIndex((line) => line.includes("response violates the spec:"));
      expect(lines[violation - 1]).toMatch(/^ {2}POST \/v1\/chat\/completions → 200 · body in \d+ ms · post-v1-/);
      expect(lines[violation + 1]).toMatch(/^ {6}✗ \/response\/body\/object: /);
      const written = await readdir(cassettes);
      expect(written).toHaveLength(2);
      const texts = await Promise.all(written.map((file) => readFile(join(cassettes, file), "utf8")));
      expect(texts.join("")).toContain("remember [redacted]");
      for (const text of [...texts, cli.output()]) {
        expect(text).not.toContain(FAKE_KEY);
        expect(text).not.toContain(OTHER_KEY);
      }
    } finally {
      if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
    }
  });
});

describe("bad input", () => {
  it("exits 2 naming what is wrong, with the usage", async () => {
    const notJson = join(await mkdtemp(join(tmpdir(), "cli-spec-")), "spec.json");
    await writeFile(notJson, "openapi: 3.1.0\n");
    const runs = await Promise.all([
      run("record", "--upstream", upstream.url),
      run("record", "--cassettes", dir, "--upstream", "not a url"),
      run("--replay", dir, "--replay-speed", "fast"),
      run("--replay", dir, "--replay-speed=-1"),
      run("--replay-strict"),
      run("--replay", join(dir, "missing")),
      run("cassettes", "list", dir),
      run("cassettes", "check"),
      run("cassettes", "check", join(dir, "missing")),
      run("cassettes", "check", dir, "--spec", notJson),
    ]);
    expect(runs.map(({ code }) => code)).toEqual(runs.map(() => 2));
    const firstLines = runs.map(({ out }) => out.split("\n")[0]);
    expect(firstLines).toEqual([
      "xai-mock record: --cassettes <dir> is required",
      "xai-mock record: --upstream must be an http(s) URL, got 'not a url'",
      "xai-mock: --replay-speed must be a number (0 = no waiting, 1 = as recorded), got 'fast'",
      "xai-mock: replaySpeed must be 0 (no waiting) or between 0.01 and 1000, got -1",
      "xai-mock: --replay-speed and --replay-strict need --replay <dir>",
      `xai-mock: replay: cannot read the cassette directory ${join(dir, "missing")}: ENOENT: no such file or directory, scandir '${join(dir, "missing")}'`,
      "xai-mock cassettes: unknown command 'list': the command is 'cassettes check <dir>'",
      "xai-mock cassettes: cassettes check takes one directory",
      `xai-mock cassettes: cannot read the cassette directory ${join(dir, "missing")}: ENOENT: no such file or directory, scandir '${join(dir, "missing")}'`,
      expect.stringMatching(new RegExp(`^xai-mock cassettes: --spec ${notJson} is not JSON: `)),
    ]);
    for (const { out } of runs) expect(out).toContain("usage: xai-mock record --cassettes <dir>");
  });

  it("prints the usage and exits 0 when asked for help", async () => {
    const help = await run("record", "--help");
    expect(help).toEqual({ code: 0, out: expect.stringMatching(/^usage: xai-mock record --cassettes <dir>/) });
  });
});

describe("xai-mock cassettes check", () => {
  it("exits 0 without drift, 1 listing the drift after a spec update", async () => {
    const clean = await run("cassettes", "check", dir);
    expect(clean.code).toBe(0);
    expect(clean.out).toContain("5 cassette(s) checked against");
    expect(clean.out.trim().split("\n").at(-1)).toBe("no drift");
    const spec = join(await mkdtemp(join(tmpdir(), "cli-spec-")), "updated.json");
    await writeFile(spec, updatedSpecText());
    const drift = await run("cassettes", "check", dir, "--spec", spec);
    expect(drift.code).toBe(1);
    expect(drift.out).toContain(`checked against ${spec}`);
    expect(drift.out).toContain("/response/frames/0/data/system_fingerprint: must be integer");
    expect(drift.out).toMatch(/\/request\/body\/model: .*pattern/);
    expect(drift.out.trim().split("\n").at(-1)).toBe("2 cassette(s) drifted from the spec, 0 unreadable");
  });

  it("exits 1 naming a cassette it cannot read, the others still checked", async () => {
    const broken = await mkdtemp(join(tmpdir(), "cli-check-"));
    for (const file of await readdir(dir)) await writeFile(join(broken, file), await readFile(join(dir, file)));
    await writeFile(join(broken, "cut.json"), '{"format":');
    const result = await run("cassettes", "check", broken);
    expect(result.code).toBe(1);
    expect(result.out).toContain("5 cassette(s) checked against");
    expect(result.out).toMatch(/\n {2}✗ cut\.json: unreadable: not JSON: /);
    expect(result.out.trim().split("\n").at(-1)).toBe("0 cassette(s) drifted from the spec, 1 unreadable");
  });
});

describe("xai-mock --replay", () => {
  it("serves the cassettes, names each one it could not load, and refuses the rest when strict", async () => {
    const broken = await mkdtemp(join(tmpdir(), "cli-replay-"));
    for (const file of await readdir(dir)) await writeFile(join(broken, file), await readFile(join(dir, file)));
    await writeFile(join(broken, "cut.json"), '{"format":');
    const cli = startCli(["--replay", broken, "--replay-speed", "0", "--replay-strict"]);
    try {
      const url = await cli.url;
      await expect
        .poll(() => cli.output(), { timeout: 10_000 })
        .toContain(`Replay     5 cassette(s) from ${broken}; 1 could not be loaded`);
      expect(cli.output()).toMatch(/✗ cut\.json: not JSON: /);
      const response = await fetch(`${url}/v1/models`, { headers: { authorization: "Bearer any" } });
      expect(await response.json()).toEqual(MODELS);
      const unmatched = await post(url, ask("never recorded"), { authorization: "Bearer any" });
      expect(unmatched.status).toBe(404);
      expect((await unmatched.json()).error).toMatch(
        /^No cassette matches POST \/v1\/chat\/completions \(match key [0-9a-f]{12}\)\.$/,
      );
      expect(await stop(cli)).toBe(0);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
    }
  });
});
