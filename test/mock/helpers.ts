/** Shared helpers for the mock's tests: authorised fetch, SSE reading, spec examples, the CLI in a child process. */
import { type ChildProcess, spawn } from "node:child_process";
import { createParser } from "eventsource-parser";
import { loadSpec } from "../../mock/contract/spec.ts";

export const AUTH = { authorization: "Bearer test-key-not-secret" };

export interface MockLike {
  url: string;
}

export function api(mock: MockLike, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, headers, ...rest } = init;
  return fetch(`${mock.url}${path}`, {
    ...rest,
    headers: { ...AUTH, ...(json === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    signal: AbortSignal.timeout(15_000),
  });
}

export interface ReceivedEvent {
  event: string | undefined;
  data: string;
}

/** Read a whole text/event-stream body into its events. */
export async function readSse(response: Response): Promise<ReceivedEvent[]> {
  const events: ReceivedEvent[] = [];
  const parser = createParser({ onEvent: (e) => events.push({ event: e.event, data: e.data }) });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
  }
  return events;
}

/** The request-body example the effective spec gives for an operation. */
export function requestExample(path: string, method: string): Record<string, unknown> {
  const content = loadSpec().paths[path]?.[method]?.requestBody?.content;
  const example = content?.["application/json"]?.example;
  if (!example) throw new Error(`no JSON request example for ${method} ${path}`);
  return structuredClone(example) as Record<string, unknown>;
}

export interface XaiErrorReply {
  status: number;
  /** The body: `{ code, error }`, or `{ error }` alone for a 422. */
  body: { code?: string; error: string };
  /** The `x-mock-violations` header, parsed (empty when absent). */
  violations: { location: string[]; message: string }[];
}

/** Reads an error answer and checks it is xAI's: compact JSON, `application/json`, flat `code` + `error` strings. */
export async function readXaiError(response: Response): Promise<XaiErrorReply> {
  const text = await response.text();
  if (response.headers.get("content-type") !== "application/json") throw new Error(`not JSON: ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { code?: string; error: string };
  if (text !== JSON.stringify(body)) throw new Error(`not compact JSON: ${text.slice(0, 200)}`);
  const keys = Object.keys(body).sort().join(",");
  const expected = response.status === 422 ? "error" : "code,error";
  if (keys !== expected || typeof body.error !== "string" || !body.error) {
    throw new Error(`${response.status} body is not xAI's flat {${expected}}: ${text.slice(0, 300)}`);
  }
  const header = response.headers.get("x-mock-violations");
  return { status: response.status, body, violations: header ? JSON.parse(header) : [] };
}

/**
 * Strings a real API never sends but spec examples and fakers do: `"..."`, `"string"`, text cut off with `...`,
 * lorem ipsum, example.com-style hosts. (`xai-...b14o`, xAI's redacted key format, is not cut off.)
 */
export function placeholdersIn(value: unknown, path = "$"): string[] {
  if (typeof value === "string") {
    const junk =
      value === "string" ||
      /^\.\.\.|\.\.\.$/.test(value) ||
      /\blorem\b|\bipsum\b/i.test(value) ||
      /example\.(com|org|net)/i.test(value);
    return junk ? [`${path}: ${JSON.stringify(value.slice(0, 80))}`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => placeholdersIn(item, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => placeholdersIn(item, `${path}.${key}`));
  }
  return [];
}

export interface CliProcess {
  child: ChildProcess;
  /** Everything it printed, stdout and stderr. */
  output(): string;
  /** The base URL from its banner; rejects if it exits first or prints none within 20 s. */
  url: Promise<string>;
}

/** `mock/cli.ts …args --port 0` in a child process (args first, so they may name a subcommand), `env` added. */
export function startCli(args: string[] = [], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "mock/cli.ts", ...args, "--port", "0"], {
    cwd: new URL("../..", import.meta.url),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 20 s:\n${out}`)), 20_000);
    const onOutput = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Base URL\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onOutput);
    child.stderr!.on("data", onOutput);
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`CLI exited early:\n${out}`));
    });
  });
  url.catch(() => {});
  return { child, output: () => out, url };
}
