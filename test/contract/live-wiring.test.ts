/**
 * The wiring of `npm run test:live` (scripts/test-live.ts), without the network: the script runs as a child process
 * with its upstream pointed at a local fake xAI (node:http on 127.0.0.1). Spec-valid answers → exit 0; a response
 * that violates the spec (JSON body or one SSE event) → exit 1 with the violation printed. The key is never printed,
 * and no Prism process outlives the run.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import spec from "../../generated/xai-openapi.effective.json" with { type: "json" };
import { CONTRACT_API_KEY, capture, itLeaksNoSecrets, watchForLeaks } from "../support/leak-watch.ts";
import { validateSchema } from "../support/spec-validator.ts";

watchForLeaks();

const root = fileURLToPath(new URL("../..", import.meta.url));
const RUN_TIMEOUT_MS = 60_000;

type Json = Record<string, any>;
const paths = spec.paths as Json;
const example = (path: string, method: string): Json =>
  structuredClone(paths[path][method].responses["200"].content["application/json"].example);

const chunk = (content: string | null, finish: string | null): Json => ({
  id: "chatcmpl-live-wiring",
  object: "chat.completion.chunk",
  created: 1_752_854_522,
  model: "grok-3-mini",
  choices: [{ index: 0, delta: content === null ? {} : { role: "assistant", content }, finish_reason: finish }],
});

type Mode = "valid" | "violating";

interface FakeUpstream {
  readonly url: string;
  readonly authorizations: string[];
  close(): Promise<void>;
}

/** A tiny xAI stand-in answering exactly the live subset; "violating" breaks the models list and one SSE event. */
async function startFakeUpstream(mode: Mode): Promise<FakeUpstream> {
  const authorizations: string[] = [];
  const answer = (request: IncomingMessage, response: ServerResponse, body: Json) => {
    const route = `${request.method} ${request.url}`;
    const json = (value: unknown) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    switch (route) {
      case "GET /v1/api-key":
        return json(example("/v1/api-key", "get"));
      case "GET /v1/models": {
        const models = example("/v1/models", "get");
        if (mode === "violating") delete models.data[0].owned_by;
        return json(models);
      }
      case "GET /v1/language-models":
        return json(example("/v1/language-models", "get"));
      case "POST /v1/tokenize-text":
        return json(example("/v1/tokenize-text", "post"));
      case "POST /v1/chat/completions": {
        if (!body.stream) return json(example("/v1/chat/completions", "post"));
        const events = [chunk("OK", null), chunk(null, "stop")];
        if (mode === "violating") delete events[1]!.created;
        response.writeHead(200, { "content-type": "text/event-stream" });
        for (const event of events) response.write(`data: ${JSON.stringify(event)}\n\n`);
        return response.end("data: [DONE]\n\n");
      }
      default:
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ code: "not_found", error: `fake upstream has no ${route}` }));
    }
  };
  const server: Server = createServer((request, response) => {
    authorizations.push(request.headers.authorization ?? "");
    const chunks: Buffer[] = [];
    request.on("data", (data: Buffer) => chunks.push(data));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString();
      answer(request, response, text ? JSON.parse(text) : {});
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Run {
  readonly code: number | null;
  readonly output: string;
}

function runLive(env: Record<string, string | undefined>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/test-live.ts"],
      { cwd: root, env: childEnv, timeout: RUN_TIMEOUT_MS, killSignal: "SIGTERM" },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        capture("test:live output", output);
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output });
      },
    );
  });
}

/** Command lines of live processes that mention `needle` (our fake upstream's unique URL). */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (commandLine.includes(needle)) found.push(`${pid}: ${commandLine}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describe("npm run test:live wiring (local fake upstream)", () => {
  it("the fake upstream's valid answers really are spec-valid", () => {
    expect(validateSchema("ListModelsResponse", example("/v1/models", "get")).errors).toEqual([]);
    expect(validateSchema("ChatResponseChunk", chunk("OK", null)).errors).toEqual([]);
    expect(validateSchema("ChatResponseChunk", chunk(null, "stop")).errors).toEqual([]);
  });

  // The three runs are independent child processes; starting them together overlaps Prism's start-up waits.
  const runs = {} as Record<Mode | "skipped", Promise<Run>>;
  const upstreams = {} as Record<Mode, FakeUpstream>;

  beforeAll(async () => {
    runs.skipped = runLive({ XAI_API_KEY: undefined, XAI_LIVE_UPSTREAM: "http://127.0.0.1:9" });
    for (const mode of ["valid", "violating"] as const) {
      upstreams[mode] = await startFakeUpstream(mode);
      runs[mode] = runLive({
        XAI_API_KEY: CONTRACT_API_KEY,
        XAI_LIVE_UPSTREAM: upstreams[mode].url,
        XAI_LIVE_MODEL: undefined,
      });
    }
    await Promise.all(Object.values(runs));
  }, RUN_TIMEOUT_MS + 10_000);

  afterAll(() => Promise.all(Object.values(upstreams).map((upstream) => upstream.close())));

  it("without XAI_API_KEY it is skipped, exit 0, saying why", async () => {
    const run = await runs.skipped;
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/skipped: XAI_API_KEY is not set/);
  });

  it("an upstream answering spec-valid bodies passes every step, exit 0", async () => {
    const run = await runs.valid;
    expect(run.output).toContain("test:live: 6 passed, 0 failed");
    expect(run.code, run.output).toBe(0);
  });

  it("an upstream answering spec-violating bodies fails, exit 1, printing the violations", async () => {
    const run = await runs.violating;
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/FAIL models .*\n\s+spec violation: response\.body\.data\.0: .*owned_by/);
    expect(run.output).toMatch(/FAIL streamed chat .*violates ChatResponseChunk[\s\S]*created/);
    expect(run.output).toContain("test:live: 4 passed, 2 failed");
  });

  describe.each(["valid", "violating"] as const)("with the %s upstream", (mode) => {
    it("forwards the key upstream but never prints it", async () => {
      const { authorizations } = upstreams[mode];
      expect(authorizations.length).toBeGreaterThanOrEqual(6);
      expect(authorizations.every((value) => value === `Bearer ${CONTRACT_API_KEY}`)).toBe(true);
      expect((await runs[mode]).output).not.toContain(CONTRACT_API_KEY);
    });

    it("leaves no Prism process behind", () => {
      expect(processesMentioning(upstreams[mode].url)).toEqual([]);
    });
  });

  itLeaksNoSecrets();
});
