/**
 * `npm run mock` / `xai-mock`: serve the mock until SIGINT/SIGTERM.
 * Flags override env: --host (XAI_MOCK_HOST, default 127.0.0.1), --port (XAI_MOCK_PORT, default 4010),
 * --seed, --stream-delay-ms, --deferred-polls, --video-polls, --error-dialect kebab|grpc, --models <file.json>,
 * --quiet (no request log), the store caps --store-max-entries <store>=<n> and
 * --store-max-bytes <store>=<bytes, or n KiB/MiB/GiB> (repeatable); --fixtures <file|dir>, --strict, --no-journal,
 * --max-sessions <n> (`scenarios/cli-flags.ts`); --replay <dir> (--replay-speed, --replay-strict).
 * `xai-mock record …` and `xai-mock cassettes check …` are the record & replay subcommands (record/commands.ts).
 */
import { parseArgs } from "node:util";
import type { ErrorCodeDialect } from "../src/api-facts.ts";
import { banner } from "./banner.ts";
import { CLI_DEFAULTS, type MockServerOptions, STORE_NAMES, type StoreName } from "./options.ts";
import { RECORD_USAGE, REPLAY_FLAGS, replayLines, replaySettings, runSubcommand } from "./record/commands.ts";
import { SCENARIO_FLAGS, SCENARIO_USAGE, scenarioOptions } from "./scenarios/cli-flags.ts";

const USAGE = `usage: xai-mock [--host 127.0.0.1] [--port 4010] [--seed s] [--stream-delay-ms 20] [--deferred-polls 2] [--video-polls 3] [--error-dialect kebab|grpc] [--models models.json]
                [--store-max-entries <store>=<n>] [--store-max-bytes <store>=<n>[KiB|MiB|GiB]] [--quiet]
                ${SCENARIO_USAGE}
       stores: ${STORE_NAMES.join(", ")}
${RECORD_USAGE}`;

function integerOption(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`--${name} must be an integer between 0 and ${max}, got '${value}'`);
  return n;
}

function dialectOption(value: string | undefined): ErrorCodeDialect {
  if (value === undefined) return CLI_DEFAULTS.errorDialect;
  if (value !== "kebab" && value !== "grpc") throw new Error(`--error-dialect must be kebab or grpc, got '${value}'`);
  return value;
}

const UNITS: Record<string, number> = { "": 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** `--store-max-entries files=1000` / `--store-max-bytes files=256MiB`, each repeatable, as `stores` options. */
function storeLimits(entries: string[] = [], bytes: string[] = []): MockServerOptions["stores"] {
  const stores: NonNullable<MockServerOptions["stores"]> = {};
  const flags = [
    ["store-max-entries", "maxEntries", entries],
    ["store-max-bytes", "maxBytes", bytes],
  ] as const;
  for (const [flag, limit, values] of flags) {
    for (const value of values) {
      const match = /^([A-Za-z]+)=(\d+)\s*([KMG]iB)?$/i.exec(value);
      const name = match?.[1] as StoreName | undefined;
      if (!match || (limit === "maxEntries" && match[3])) {
        throw new Error(
          `--${flag} takes <store>=<${limit === "maxBytes" ? "bytes, or n KiB/MiB/GiB" : "n"}>, got '${value}'`,
        );
      }
      if (!STORE_NAMES.includes(name!))
        throw new Error(`--${flag}: unknown store '${name}' (stores: ${STORE_NAMES.join(", ")})`);
      const amount = Number(match[2]) * UNITS[(match[3] ?? "").toLowerCase()]!;
      if (!Number.isSafeInteger(amount) || amount < 1) throw new Error(`--${flag}: '${value}' must be at least 1`);
      stores[name!] = { ...stores[name!], [limit]: amount };
    }
  }
  return stores;
}

async function main(): Promise<void> {
  const subcommand = await runSubcommand(process.argv.slice(2));
  if (subcommand !== undefined) process.exit(subcommand);
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string" },
      seed: { type: "string" },
      "stream-delay-ms": { type: "string" },
      "deferred-polls": { type: "string" },
      "video-polls": { type: "string" },
      "error-dialect": { type: "string" },
      models: { type: "string" },
      "store-max-entries": { type: "string", multiple: true },
      "store-max-bytes": { type: "string", multiple: true },
      quiet: { type: "boolean", default: false },
      ...SCENARIO_FLAGS,
      ...REPLAY_FLAGS,
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const host = values.host ?? process.env.XAI_MOCK_HOST ?? CLI_DEFAULTS.host;
  const settings = {
    port: integerOption("port", values.port ?? process.env.XAI_MOCK_PORT, CLI_DEFAULTS.port, 65_535),
    seed: values.seed ?? CLI_DEFAULTS.seed,
    streamDelayMs: integerOption("stream-delay-ms", values["stream-delay-ms"], CLI_DEFAULTS.streamDelayMs, 60_000),
    deferredPolls: integerOption("deferred-polls", values["deferred-polls"], CLI_DEFAULTS.deferredPolls, 1_000),
    videoPolls: integerOption("video-polls", values["video-polls"], CLI_DEFAULTS.videoPolls, 1_000),
    errorDialect: dialectOption(values["error-dialect"]),
    models: values.models,
  };
  const stores = storeLimits(values["store-max-entries"], values["store-max-bytes"]);
  const replay = replaySettings(values);
  // Loaded after the arguments are checked, so a usage error does not wait for the contract engine.
  const { startMockServer } = await import("./http/server.ts");
  const server = await startMockServer({
    ...settings,
    ...replay,
    stores,
    ...scenarioOptions(values),
    host,
    log: values.quiet ? undefined : (line) => console.log(`  ${new Date().toISOString().slice(11, 23)} ${line}`),
  });
  console.log(banner({ ...settings, url: server.url }));
  for (const line of replayLines(server.replay, replay.replay)) console.warn(line);
  if (!["127.0.0.1", "::1", "localhost"].includes(host)) {
    console.warn(`  warning: listening on ${host}, not loopback — anyone who can reach it can use it.\n`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n  ${signal}: stopping…`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`xai-mock: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
});
