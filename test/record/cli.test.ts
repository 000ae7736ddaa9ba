/** The record & replay surface of the `xai-mock` CLI: `record`, `cassettes check`, `--replay`, their bad input. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCli } from "../mock/helpers.ts";
import { FAKE_KEY, type FakeUpstream, MODELS } from "./fake-upstream.ts";
import { recordSample, updatedSpecText } from "./sample.ts";

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

  it("refuses bad input with the usage and exit code 2", async () => {
    const missing = await run("record", "--upstream", upstream.url);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain("xai-mock record: --cassettes <dir> is required");
    const bad = await run("record", "--cassettes", dir, "--upstream", "not a url");
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("--upstream must be an http(s) URL, got 'not a url'");
    const speed = await run("--replay", dir, "--replay-speed", "fast");
    expect(speed.code).toBe(2);
    expect(speed.out).toContain("--replay-speed must be a number (0 = no waiting, 1 = as recorded), got 'fast'");
    const unknown = await run("cassettes", "list", dir);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain("unknown command 'list'");
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
});

describe("xai-mock --replay", () => {
  it("serves the cassettes and names each one it could not load", async () => {
    const broken = await mkdtemp(join(tmpdir(), "cli-replay-"));
    for (const file of await readdir(dir)) await writeFile(join(broken, file), await readFile(join(dir, file)));
    await writeFile(join(broken, "cut.json"), '{"format":');
    const cli = startCli(["--replay", broken, "--replay-speed", "0"]);
    try {
      const url = await cli.url;
      await expect
        .poll(() => cli.output(), { timeout: 10_000 })
        .toContain(`Replay     5 cassette(s) from ${broken}; 1 could not be loaded`);
      expect(cli.output()).toMatch(/✗ cut\.json: not JSON: /);
      const response = await fetch(`${url}/v1/models`, { headers: { authorization: "Bearer any" } });
      expect(await response.json()).toEqual(MODELS);
      expect(await stop(cli)).toBe(0);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
    }
  });
});
