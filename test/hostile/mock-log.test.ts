/**
 * The mock's request log never carries the caller's key (issue 16, part 3): not when the key travels where a key
 * should, nor when a confused or hostile client puts it in the path, a malformed header or a fault header.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { exchange, KEY, requestHead } from "./mock-wire.ts";

let mock: MockServer;
const lines: string[] = [];
beforeAll(async () => {
  mock = await startMockServer({ port: 0, log: (line) => lines.push(line) });
});
afterAll(() => mock.close());

const send = (method: string, target: string, headers: string[], auth = true) =>
  exchange(mock.port, requestHead(method, target, ["Connection: close", ...headers], auth));

describe("request log", () => {
  it("never contains the key, wherever the request carries it", async () => {
    const encoded = encodeURIComponent(KEY);
    const replies = await Promise.all([
      send("GET", "/v1/models", []),
      send("GET", `/v1/files/${KEY}`, []),
      send("GET", `/v1/files/${encoded}/content`, []),
      send("GET", `/v1/models/${KEY}?api_key=${KEY}`, []),
      send("GET", `/${KEY}`, []),
      send("DELETE", `/v1/responses/${KEY}`, []),
      send("GET", `/v1/files/${KEY}%zz`, []),
      send("GET", "/v1/models", [`Authorization: Basic ${KEY}`], false),
      send("GET", "/v1/models", [`Authorization: Bearer ${KEY} extra`], false),
      send("GET", `/v1/models/${KEY}`, [`x-api-key: ${KEY}`], false),
      send("GET", "/v1/models", [`x-mock-fault-key: ${KEY}`, "x-mock-status: 503", "x-mock-fault-times: 1"]),
      send("GET", "/v1/models", [`x-mock-${KEY}: 1`]),
      exchange(
        mock.port,
        requestHead("POST", `/v1/chat/${KEY}`, ["Content-Type: application/json", "Content-Length: 2"]),
        {
          body: ["{}"],
        },
      ),
    ]);
    expect(replies.every((reply) => reply.status !== undefined)).toBe(true);
    await expect.poll(() => lines.length).toBeGreaterThanOrEqual(replies.length);
    for (const line of lines) {
      expect(line).not.toContain(KEY);
      expect(line).not.toContain(encoded);
      expect(line.toLowerCase()).not.toMatch(/authorization|bearer/);
    }
    expect(lines.some((line) => /^GET \/v1\/files\/\S*redacted\S* 404 /.test(line))).toBe(true);
  });

  it("still names what was asked for when the key is not in it", async () => {
    await send("GET", "/v1/files/file_abc", []);
    await expect.poll(() => lines.at(-1)).toMatch(/^GET \/v1\/files\/file_abc 404 \d+\.\dms$/);
  });
});
