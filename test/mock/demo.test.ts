/** `npm start` (scripts/demo.ts) runs the whole walkthrough against the embedded mock and exits 0. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

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
      "done: 101 multiplied by 3 is 303.",
      "identical: true",
      "throws NotFoundError (404)",
      "UnprocessableEntityError (status 422",
      "Done.",
    ]) {
      expect(stdout).toContain(line);
    }
    expect(stdout).toMatch(/done: https:\/\/\S+\.mp4/);
  });
});
