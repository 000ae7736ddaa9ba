/**
 * The CLI's record & replay surface, kept out of `cli.ts`: the subcommands `xai-mock record` and
 * `xai-mock cassettes check`, and the `--replay`, `--replay-speed`, `--replay-strict` flags of the mock itself.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { EFFECTIVE_SPEC_URL } from "../locations.ts";
import { CLI_DEFAULTS, type MockServerOptions } from "../options.ts";
import type { ReplaySummary } from "../replay/replayer.ts";

export const RECORD_USAGE = `usage: xai-mock record --cassettes <dir> [--upstream https://api.x.ai] [--host 127.0.0.1] [--port 4010] [--quiet]
       xai-mock cassettes check <dir> [--spec <effective spec.json>]
       xai-mock --replay <dir> [--replay-speed 1] [--replay-strict] [other mock flags]`;

/** Flags of the mock server itself, for its `parseArgs`. */
export const REPLAY_FLAGS = {
  replay: { type: "string" },
  "replay-speed": { type: "string" },
  "replay-strict": { type: "boolean" },
} as const;

export function replaySettings(values: {
  replay?: string;
  "replay-speed"?: string;
  "replay-strict"?: boolean;
}): Pick<MockServerOptions, "replay" | "replaySpeed" | "replayStrict"> {
  const given = values["replay-speed"];
  if (values.replay === undefined) {
    if (given !== undefined || values["replay-strict"])
      throw new Error("--replay-speed and --replay-strict need --replay <dir>");
    return {};
  }
  const replaySpeed = given === undefined ? CLI_DEFAULTS.replaySpeed : Number(given);
  if (given !== undefined && (given.trim() === "" || Number.isNaN(replaySpeed))) {
    throw new Error(`--replay-speed must be a number (0 = no waiting, 1 = as recorded), got '${given}'`);
  }
  return { replay: values.replay, replaySpeed, replayStrict: values["replay-strict"] ?? false };
}

/** What the CLI prints after its banner when replaying: the count, then every file it could not serve. */
export function replayLines(summary: ReplaySummary | undefined, dir: string | undefined): string[] {
  if (!summary) return [];
  return [
    `  Replay     ${summary.cassettes} cassette(s) from ${dir}; ${summary.problems.length} could not be loaded`,
    ...summary.problems.map(({ file, message }) => `  ✗ ${file}: ${message}`),
  ];
}

/** Resolves once `stop` has run after SIGINT or SIGTERM (a second signal exits at once). */
function untilSignalled(stop: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: string) => {
      if (stopping) process.exit(1);
      stopping = true;
      console.log(`\n  ${signal}: stopping…`);
      stop().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on("SIGINT", () => onSignal("SIGINT"));
    process.on("SIGTERM", () => onSignal("SIGTERM"));
  });
}

async function record(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      cassettes: { type: "string" },
      upstream: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  });
  if (!values.cassettes) throw new Error("--cassettes <dir> is required");
  const port = Number(values.port ?? CLI_DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be an integer between 0 and 65535, got '${values.port}'`);
  }
  const { startRecorder, upstreamUrl, DEFAULT_UPSTREAM } = await import("./recorder.ts");
  const upstream = upstreamUrl(values.upstream ?? DEFAULT_UPSTREAM);
  const loopback = ["127.0.0.1", "[::1]", "localhost"].includes(upstream.hostname);
  if (upstream.protocol === "http:" && !loopback) {
    console.warn(`  warning: ${upstream.origin} is plain http: the API key would cross the network unencrypted.`);
  }
  const recorder = await startRecorder({
    cassettes: values.cassettes,
    upstream: upstream.href,
    host: values.host ?? CLI_DEFAULTS.host,
    port,
    secrets: process.env.XAI_API_KEY ? [process.env.XAI_API_KEY] : [],
    report: values.quiet ? undefined : (line) => console.log(`  ${line}`),
  });
  console.log(`
xai-mock record — relaying to ${upstream.origin}; both directions validated against the effective spec

  Base URL   ${recorder.url}
  Clients    XAI_BASE_URL=${recorder.url} with your real XAI_API_KEY (it is relayed, never written)
  Cassettes  ${values.cassettes} (one JSON file per exchange; replay with xai-mock --replay ${values.cassettes})
  Redacted   Authorization, x-api-key, cookies, and the key's value wherever it appears

  Ctrl-C to stop.
`);
  return untilSignalled(() => recorder.close());
}

/** The `--spec` file's text, refused with its path when it is unreadable, not JSON or no OpenAPI document. */
async function specFile(path: string): Promise<string> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read --spec ${path}: ${error.code ?? error.message}`);
  });
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new Error(`--spec ${path} is not JSON: ${(error as Error).message}`);
  }
  const paths = (spec as { paths?: unknown } | null)?.paths;
  if (!paths || typeof paths !== "object") {
    throw new Error(`--spec ${path} is not an OpenAPI document (it has no "paths")`);
  }
  return text;
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { spec: { type: "string" } } });
  if (positionals.length !== 1) throw new Error("cassettes check takes one directory");
  const { checkCassettes, drifted, formatCheck } = await import("../cassettes/check.ts");
  const specText = values.spec === undefined ? undefined : await specFile(values.spec);
  const report = await checkCassettes(positionals[0]!, { specText });
  console.log(formatCheck(report, values.spec ?? EFFECTIVE_SPEC_URL.pathname));
  return drifted(report).length > 0 || report.problems.length > 0 ? 1 : 0;
}

/** Runs `record` or `cassettes check` and resolves with the exit code; undefined when `args` name neither. */
export async function runSubcommand(args: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = args;
  if (command !== "record" && command !== "cassettes") return undefined;
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(RECORD_USAGE);
    return 0;
  }
  try {
    if (command === "record") return await record(rest);
    if (rest[0] === "check") return await check(rest.slice(1));
    throw new Error(`unknown command '${rest[0] ?? ""}': the command is 'cassettes check <dir>'`);
  } catch (error) {
    console.error(`xai-mock ${command}: ${(error as Error).message}\n${RECORD_USAGE}`);
    return 2;
  }
}
