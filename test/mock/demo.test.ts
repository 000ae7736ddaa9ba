/** `npm start` (scripts/demo.ts) runs the whole walkthrough against the embedded mock and exits 0. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startMockServer } from "../../mock/index.ts";

const run = promisify(execFile);

describe("npm start demo", () => {
  it("walks every step against the offline mock and exits 0", async () => {
    const env = { ...process.env };
    delete env.XAI_API_KEY;
    delete env.XAI_BASE_URL;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
      cwd: new URL("../..", import.meta.url),
      env,
      timeout: 60_000,
    });
    for (const line of [
      "Offline: the xAI mock is serving",
      "── List models",
      "── Streamed chat, token by token",
      'done: You asked: "',
      "identical: true",
      "throws NotFoundError (404)",
      "── Who am I",
      "compacted 2 messages into 1 item",
      "and carried on from it: completed",
      '→ "shared with the world\\n"',
      "revoked → HTTP 404",
      "uploaded greeter (Greets people by name.)",
      "listed: greeter",
      "BadRequestError (status 400, code invalid-argument)",
      "Invalid request content: temperature must be <= 2.",
      "Done.",
    ]) {
      expect(stdout).toContain(line);
    }
    expect(stdout).toMatch(/done: http:\/\/127\.0\.0\.1:\d+\/__mock\/media\/\S+\.mp4/);
    expect(stdout).toMatch(/done: http:\/\/127\.0\.0\.1:\d+\/__mock\/media\/\S+\.jpeg/);
    expect(stdout).toMatch(/downloaded its zip: \d+ bytes/);
  });

  it("with XAI_API_KEY set, says so and runs only the read-only and cheap steps (here against the mock)", async () => {
    const mock = await startMockServer({ port: 0 });
    try {
      const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
        cwd: new URL("../..", import.meta.url),
        env: { ...process.env, XAI_API_KEY: "xai-demo-test-key", XAI_BASE_URL: mock.url },
        timeout: 60_000,
      });
      expect(stdout).toContain(`XAI_API_KEY is set: running the read-only and cheap steps against ${mock.url}`);
      expect(stdout).toContain("── Streamed chat, token by token");
      expect(stdout).toContain("BadRequestError (status 400, code invalid-argument)");
      expect(stdout).not.toContain("── Files");
      expect(stdout).not.toContain("── Video");
      expect(stdout).not.toContain("xai-demo-test-key");
    } finally {
      await mock.close();
    }
  });
});
