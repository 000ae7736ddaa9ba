/**
 * `npm run test:live` — the live contract run: a cheap, read-mostly subset of the API called through the typed
 * client, with every request and response passing through Prism's validation proxy, so a live answer that violates
 * the effective spec fails the run with the violation printed.
 *
 *   XAI_API_KEY         required; without it the run is skipped (exit 0) and says why
 *   XAI_LIVE_UPSTREAM   default https://api.x.ai (test/contract/live-wiring.test.ts points it at a local fake)
 *   XAI_LIVE_MODEL      default: the first language model whose id says "mini" or "fast", else the first listed
 *
 * Two proxies run side by side. JSON steps go through `prism proxy … --errors`: a violating response is replaced by
 * a 500 problem+json listing the violations. Prism cannot validate Server-Sent Events (it checks the whole
 * `text/event-stream` body, as one string, against the event schema, so every stream "must be object"), so the
 * streamed step goes through a second proxy without `--errors`: its request is still validated, its body passes
 * through, and each event is validated here against the spec's stream schema instead. The key is never printed:
 * every line of output, including Prism's, passes through `redact`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { type APIError, createXai, type Xai } from "../src/index.ts";
import { validateSchema } from "../test/support/spec-validator.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const PRISM_BIN = `${root}node_modules/.bin/prism`;
const EFFECTIVE_SPEC = `${root}generated/xai-openapi.effective.json`;
const PROXY_START_TIMEOUT_MS = 30_000;
const PROXY_STOP_TIMEOUT_MS = 5_000;
const STEP_TIMEOUT_MS = 60_000;

interface Violation {
  location?: string[];
  code?: string;
  message: string;
}

interface Proxy {
  readonly url: string;
  readonly output: string[];
  stop(): Promise<void>;
}

const apiKey = process.env.XAI_API_KEY;
const upstream = process.env.XAI_LIVE_UPSTREAM ?? "https://api.x.ai";

const redact = (text: string) => (apiKey ? text.replaceAll(apiKey, "[XAI_API_KEY]") : text);
const say = (line: string) => process.stdout.write(`${redact(line)}\n`);

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("could not reserve a local port");
  return address.port;
}

async function startProxy(errors: boolean): Promise<Proxy> {
  const port = await freePort();
  const args = ["proxy", EFFECTIVE_SPEC, upstream, "-h", "127.0.0.1", "-p", String(port)];
  if (errors) args.push("--errors");
  // Own process group, so stopping it also stops anything Prism forks.
  const child = spawn(PRISM_BIN, args, { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const exited = once(child, "exit");
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(...redact(chunk.toString()).split("\n").filter(Boolean));
      if (output.some((line) => line.includes("Prism is listening"))) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", reject);
    void exited.then(([code]) => reject(new Error(`prism proxy exited with ${code} before listening`)));
  });
  const proxy: Proxy = { url: `http://127.0.0.1:${port}`, output, stop: () => stopProcess(child, exited) };
  try {
    await withTimeout(ready, PROXY_START_TIMEOUT_MS, "prism proxy did not start listening");
  } catch (error) {
    await proxy.stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-20).join("\n")}`);
  }
  return proxy;
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup("SIGTERM");
  const stopped = await Promise.race([exited.then(() => true), delay(PROXY_STOP_TIMEOUT_MS).then(() => false)]);
  if (!stopped) {
    signalGroup("SIGKILL");
    await Promise.race([exited, delay(PROXY_STOP_TIMEOUT_MS)]);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A fetch that records what the proxy says about each exchange: the `sl-violations` header and VIOLATIONS bodies. */
function observingFetch(violations: Violation[], ignore: (violation: Violation, contentType: string) => boolean) {
  return async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    const contentType = response.headers.get("content-type") ?? "";
    const header = response.headers.get("sl-violations");
    const reported: Violation[] = [];
    if (header) reported.push(...parseViolations(header));
    if (contentType.startsWith("application/problem+json")) {
      const problem = (await response
        .clone()
        .json()
        .catch(() => ({}))) as { type?: string; validation?: Violation[] };
      if (problem.type?.endsWith("#VIOLATIONS") && !header) reported.push(...(problem.validation ?? []));
    }
    violations.push(...reported.filter((violation) => !ignore(violation, contentType)));
    return response;
  };
}

function parseViolations(header: string): Violation[] {
  try {
    return JSON.parse(header) as Violation[];
  } catch {
    return [{ message: header }];
  }
}

const describeViolation = (violation: Violation) =>
  `${violation.location?.join(".") ?? "?"}: ${violation.message}${violation.code ? ` (${violation.code})` : ""}`;

/** Prism's one SSE false positive: the whole stream body checked as one value against the event schema. */
const isWholeStreamCheck = (violation: Violation, contentType: string) =>
  contentType.startsWith("text/event-stream") &&
  violation.location?.join(".") === "response.body" &&
  violation.code === "type";

interface Step {
  readonly name: string;
  readonly client: "validating" | "streaming";
  run(xai: Xai, context: { model?: string }): Promise<string>;
}

const steps: Step[] = [
  {
    name: "api key info",
    client: "validating",
    run: async (xai) => `key status: ${(await xai.apiKey.retrieve()).api_key_blocked ? "blocked" : "active"}`,
  },
  { name: "models", client: "validating", run: async (xai) => `${(await xai.models.list()).data.length} models` },
  {
    name: "language models",
    client: "validating",
    run: async (xai, context) => {
      const { models } = await xai.languageModels.list();
      const preferred = models.find(({ id }) => /mini|fast/.test(id)) ?? models[0];
      context.model = process.env.XAI_LIVE_MODEL ?? preferred?.id;
      return `${models.length} language models; using ${context.model}`;
    },
  },
  {
    name: "tokenize",
    client: "validating",
    run: async (xai, { model }) =>
      `${(await xai.tokenizer.tokenize({ model: requireModel(model), text: "Hello, xAI." })).token_ids.length} tokens`,
  },
  {
    name: "chat (max_tokens 8)",
    client: "validating",
    run: async (xai, { model }) => {
      const completion = await xai.chat.completions.create({
        model: requireModel(model),
        messages: [{ role: "user", content: "Reply with the single word OK." }],
        max_tokens: 8,
      });
      return `finish_reason ${completion.choices[0]?.finish_reason}, ${completion.usage?.total_tokens ?? "?"} tokens`;
    },
  },
  {
    name: "streamed chat (max_tokens 8)",
    client: "streaming",
    run: async (xai, { model }) => {
      const stream = await xai.chat.completions.create({
        model: requireModel(model),
        messages: [{ role: "user", content: "Reply with the single word OK." }],
        max_tokens: 8,
        stream: true,
      });
      let events = 0;
      for await (const chunk of stream) {
        events++;
        const result = validateSchema("ChatResponseChunk", chunk);
        if (!result.valid)
          throw new Error(`stream event ${events} violates ChatResponseChunk:\n${result.errors.join("\n")}`);
      }
      if (events === 0) throw new Error("the stream carried no events");
      return `${events} events, each a valid ChatResponseChunk`;
    },
  },
];

function requireModel(model: string | undefined): string {
  if (!model) throw new Error("no language model to use (the language-models step listed none)");
  return model;
}

function describeError(error: unknown): string {
  const apiError = error as Partial<APIError>;
  const status = typeof apiError.status === "number" ? ` [HTTP ${apiError.status}]` : "";
  return `${(error as Error)?.name ?? "Error"}${status}: ${(error as Error)?.message ?? String(error)}`;
}

async function main(): Promise<number> {
  if (!apiKey) {
    say("test:live skipped: XAI_API_KEY is not set. The live contract run calls the real API (through Prism's");
    say("validation proxy) and needs a key; set XAI_API_KEY to run it. Nothing was sent anywhere.");
    return 0;
  }
  say(`test:live: upstream ${upstream}, validating every exchange against generated/xai-openapi.effective.json`);
  const proxies: Proxy[] = [];
  const stopAll = () => Promise.all(proxies.map((proxy) => proxy.stop()));
  const onSignal = (signal: NodeJS.Signals) => {
    void stopAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    const [validating, streaming] = await Promise.all([startProxy(true), startProxy(false)]);
    proxies.push(validating, streaming);
    const violations: Violation[] = [];
    const clientFor = (proxy: Proxy, ignore: (violation: Violation, contentType: string) => boolean) =>
      createXai({
        apiKey,
        baseUrl: proxy.url,
        maxRetries: 0,
        timeout: STEP_TIMEOUT_MS,
        fetch: observingFetch(violations, ignore),
      });
    const clients = {
      validating: clientFor(validating, () => false),
      streaming: clientFor(streaming, isWholeStreamCheck),
    };
    const context: { model?: string } = {};
    let failures = 0;
    for (const step of steps) {
      violations.length = 0;
      const started = performance.now();
      let outcome: string;
      let failed = false;
      try {
        outcome = await withTimeout(
          step.run(clients[step.client], context),
          STEP_TIMEOUT_MS + 5_000,
          `${step.name} did not finish`,
        );
      } catch (error) {
        outcome = describeError(error);
        failed = true;
      }
      failed ||= violations.length > 0;
      const ms = Math.round(performance.now() - started);
      say(`${failed ? "FAIL" : "ok  "} ${step.name} (${ms} ms): ${outcome}`);
      for (const violation of violations) say(`     spec violation: ${describeViolation(violation)}`);
      if (failed) failures++;
    }
    say(`test:live: ${steps.length - failures} passed, ${failures} failed`);
    return failures === 0 ? 0 : 1;
  } catch (error) {
    say(`test:live failed before running the steps: ${describeError(error)}`);
    return 1;
  } finally {
    await stopAll();
  }
}

process.exitCode = await main();
