/**
 * The API key never leaks. Every contract file authenticates with the recognisable CONTRACT_API_KEY and checks its
 * own captured output at its end (test/support/leak-watch.ts). This file drives every failure path the client has
 * — each error status, both error shapes, connection reset, timeout, user abort, a cut stream, a waiter timeout —
 * with that key, records every error in every form (message, toString, stack, JSON, inspect with causes), the
 * mock's log lines and console output, writes them to the shared temp dir, then greps all of it and every file the
 * suite left there. It first proves the detector is not blind by planting the key.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIError, createXai, type Xai, XaiError } from "../../src/index.ts";
import { type MockServer, startContractMock } from "../support/contract-mock.ts";
import {
  CONTRACT_API_KEY,
  CONTRACT_TEMP_DIR,
  capture,
  captureError,
  itLeaksNoSecrets,
  leakingFiles,
  leakingSources,
  watchForLeaks,
} from "../support/leak-watch.ts";
import { itLeavesNoOpenHandles, watchOpenHandles } from "../support/open-handles.ts";

watchForLeaks();
watchOpenHandles();

let mock: MockServer;
let xai: Xai;
const mockLog: string[] = [];
const sentAuthorizations: string[] = [];

beforeAll(async () => {
  mock = await startContractMock({}, (line) => mockLog.push(line));
  xai = createXai({
    apiKey: CONTRACT_API_KEY,
    baseUrl: mock.url,
    maxRetries: 1,
    timeout: 2_000,
    fetch: (request) => {
      sentAuthorizations.push(request.headers.get("authorization") ?? "");
      return fetch(request);
    },
    onRetry: (info) => capture("onRetry", info),
  });
});

afterAll(() => mock.close());

async function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => expect.fail("expected a failure"),
    (error: unknown) => captureError(error, "error path"),
  );
}

const fault = (headers: Record<string, string>) => ({ headers: { "x-mock-retry-after": "0", ...headers } });

describe("the leak detector", () => {
  it("finds a planted key in captured text and in files", () => {
    const planted = "xai-PLANTED-PROBE-KEY-3d8e";
    const probe = join(CONTRACT_TEMP_DIR, `probe-${process.pid}.txt`);
    writeFileSync(probe, `Authorization: Bearer ${planted}`);
    try {
      expect(leakingFiles(CONTRACT_TEMP_DIR, planted)).toEqual([probe]);
      expect(leakingSources(planted)).toEqual([]);
      captureError(new Error(`upstream said: ${planted}`), "planted probe");
      expect(leakingSources(planted)).toEqual(["planted probe (Error)"]);
    } finally {
      rmSync(probe);
    }
  });
});

describe("every failure path, with the recognisable key", () => {
  for (const status of [400, 401, 403, 404, 409, 413, 422, 429, 500, 503, 529]) {
    it(`HTTP ${status}`, async () => {
      const error = await failure(xai.models.list(fault({ "x-mock-status": String(status) })));
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(status);
    });
  }

  it("a request the mock rejects as invalid (validation details echoed back)", async () => {
    const error = await failure(xai.tokenizer.tokenize({ text: 42 } as never));
    expect(error).toBeInstanceOf(APIError);
  });

  it("connection reset", async () => {
    expect(await failure(xai.models.list(fault({ "x-mock-reset": "true" })))).toBeInstanceOf(XaiError);
  });

  it("timeout", async () => {
    const error = await failure(
      xai.models.list({ timeout: 100, maxRetries: 0, ...fault({ "x-mock-latency-ms": "2000" }) }),
    );
    expect(error).toBeInstanceOf(XaiError);
  });

  it("user abort", async () => {
    const controller = new AbortController();
    const call = xai.models.list({ signal: controller.signal, ...fault({ "x-mock-latency-ms": "2000" }) });
    setTimeout(() => controller.abort(new Error("caller gave up")), 50);
    expect(await failure(call)).toBeInstanceOf(XaiError);
  });

  it("a stream cut mid-way", async () => {
    const error = await failure(
      (async () => {
        const stream = await xai.chat.completions.create(
          { model: "grok-3-mini", messages: [{ role: "user", content: "Hi" }], stream: true },
          fault({ "x-mock-disconnect-after": "1" }),
        );
        for await (const _chunk of stream) {
          // drain until the cut
        }
      })(),
    );
    expect(error).toBeInstanceOf(XaiError);
  });

  it("a waiter that runs out of time", async () => {
    const { request_id } = await xai.videos.generate({ prompt: "A slow cat" });
    expect(await failure(xai.videos.wait(request_id, { interval: 50, timeout: 20 }))).toBeInstanceOf(XaiError);
  });

  it("a client misconfiguration", () => {
    let thrown: unknown;
    try {
      createXai({ apiKey: CONTRACT_API_KEY, baseUrl: "ftp://example.com" });
    } catch (error) {
      thrown = captureError(error, "createXai");
    }
    expect(thrown).toBeInstanceOf(XaiError);
  });
});

describe("the grep", () => {
  it("the key was really sent (so finding nothing means something)", () => {
    expect(sentAuthorizations.length).toBeGreaterThan(10);
    expect(sentAuthorizations.every((value) => value === `Bearer ${CONTRACT_API_KEY}`)).toBe(true);
  });

  it("no mock log line, error, console line or file under the suite's temp dir contains the key", () => {
    writeFileSync(join(CONTRACT_TEMP_DIR, "secrets-mock-log.txt"), mockLog.join("\n"));
    expect(mockLog.length).toBeGreaterThan(10);
    expect(leakingSources()).toEqual([]);
    expect(leakingFiles()).toEqual([]);
  });
});

itLeavesNoOpenHandles(() => mock.close());
itLeaksNoSecrets();
