/**
 * The any-runtime smoke: the same checks, through the public API only, in Node, Bun, Deno, workerd and
 * a browser page. It imports `../../src/index.ts` so the repo typechecks it; every runner compiles it
 * with that import pointed at the built package (dist/index.js), and the package test rewrites it to
 * `xai-toolkit`, so what runs is always the artefact users install.
 *
 * No runtime-specific API in here: only fetch-era globals (Blob, AbortController, TextEncoder,
 * performance) that every target has.
 */
import {
  APIError,
  APIUserAbortError,
  BadRequestError,
  createXai,
  tool,
  UnprocessableEntityError,
} from "../../src/index.ts";

export interface SmokeResult {
  ok: boolean;
  /** Check name → milliseconds it took, for the checks that passed. */
  checks: Record<string, number>;
  /** The first failing check and its error, when `ok` is false. */
  failed?: { check: string; error: string };
  ms: number;
}

class SmokeFailure extends Error {}

function expect(condition: unknown, what: string): asserts condition {
  if (!condition) throw new SmokeFailure(what);
}

/** Runs every check in order against the mock at `baseUrl`; resolves (never rejects) with the outcome. */
export async function runSmoke(baseUrl: string): Promise<SmokeResult> {
  const started = performance.now();
  // The mock accepts any bearer key; a browser page must opt in explicitly, as with a real key.
  const xai = createXai({
    baseUrl,
    apiKey: "smoke-test-key",
    dangerouslyAllowBrowser: true,
    maxRetries: 0,
    timeout: 20_000,
  });
  const checks: Record<string, number> = {};

  const steps: [string, () => Promise<void>][] = [
    [
      "models.list",
      async () => {
        const models = await xai.models.list();
        expect(Array.isArray(models.data) && models.data.length > 0, "models.list returned no models");
      },
    ],
    [
      "chat",
      async () => {
        const completion = await xai.chat.completions.create({
          model: "grok-4",
          messages: [{ role: "user", content: "Say hello" }],
        });
        expect("choices" in completion && completion.choices.length > 0, "chat completion has no choices");
      },
    ],
    [
      "chat.stream",
      async () => {
        const stream = await xai.chat.completions.create({
          model: "grok-4",
          messages: [{ role: "user", content: "Count to three" }],
          stream: true,
        });
        let chunks = 0;
        let finished = false;
        for await (const chunk of stream) {
          chunks++;
          if (chunk.choices.some((choice) => choice.finish_reason)) finished = true;
        }
        expect(chunks > 0, "the chat stream yielded no chunks");
        expect(finished, "the chat stream ended without a finish_reason");
      },
    ],
    [
      "parse.stream",
      async () => {
        // Loads the lazily imported helpers chunk; a plain JSON Schema, as no validator library is at hand here.
        const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
        const stream = await xai.chat.completions.parse<{ city: string }>(
          { model: "grok-4", messages: [{ role: "user", content: "Name a city" }], stream: true },
          { schema },
        );
        let partials = 0;
        for await (const _ of stream) partials++;
        const { parsed } = await stream.final();
        expect(
          partials > 0 && typeof parsed.city === "string",
          `parsed ${JSON.stringify(parsed)} (${partials} partials)`,
        );
      },
    ],
    [
      "runTools",
      async () => {
        const double = tool<{ n: number }>({
          name: "double",
          parameters: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
          execute: ({ n }) => n * 2,
        });
        const run = xai.chat.completions.runTools({
          model: "grok-4",
          messages: [{ role: "user", content: "Double this number" }],
          tools: [double],
        });
        const { rounds } = await run.final();
        const result = rounds[0]?.toolResults[0];
        expect(
          rounds.length === 2 && result && !result.error,
          `tool run: ${describe(result?.error)}, ${rounds.length} rounds`,
        );
      },
    ],
    [
      "files.roundtrip",
      async () => {
        const bytes = new Uint8Array(4096);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
        const uploaded = await xai.files.upload(new Blob([bytes], { type: "application/octet-stream" }), {
          filename: "smoke.bin",
        });
        const downloaded = new Uint8Array(await (await xai.files.content(uploaded.id)).arrayBuffer());
        expect(downloaded.length === bytes.length, `downloaded ${downloaded.length} bytes, uploaded ${bytes.length}`);
        expect(
          downloaded.every((byte, i) => byte === bytes[i]),
          "downloaded bytes differ from the uploaded ones",
        );
        await xai.files.delete(uploaded.id);
      },
    ],
    [
      "error.4xx",
      async () => {
        // `query` and `source` are required: the request must fail with a typed 4xx, not a generic error.
        const error = await xai.documents.search({} as Parameters<typeof xai.documents.search>[0]).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error instanceof APIError, `expected an APIError, got ${describe(error)}`);
        expect(
          error instanceof UnprocessableEntityError || error instanceof BadRequestError,
          `expected UnprocessableEntityError or BadRequestError, got ${describe(error)}`,
        );
        expect(error.status === 422 || error.status === 400, `expected status 400 or 422, got ${error.status}`);
      },
    ],
    [
      "abort",
      async () => {
        const controller = new AbortController();
        const pending = xai.models.list({ signal: controller.signal });
        controller.abort();
        const error = await pending.then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error instanceof APIUserAbortError, `expected APIUserAbortError, got ${describe(error)}`);
      },
    ],
  ];

  for (const [name, step] of steps) {
    const stepStarted = performance.now();
    try {
      await step();
    } catch (error) {
      return { ok: false, checks, failed: { check: name, error: describe(error) }, ms: elapsed(started) };
    }
    checks[name] = elapsed(stepStarted);
  }
  return { ok: true, checks, ms: elapsed(started) };
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return value === undefined ? "no error" : String(value);
}
