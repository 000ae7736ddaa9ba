/**
 * Scenarios at scale: non-streamed chat completions matched against 1,000 fixtures (20 models, 50 content
 * criteria each; the request matches fixture #997), this mock (CLI, request log off) beside the `prism mock` CLI and
 * CopilotKit's aimock 1.43 loaded with the same 1,000 fixtures; the journal's cost (the same mock with
 * `--no-journal`); and what loading and checking 1,000 fixtures costs at start-up, in-process. Every server is its
 * own process, loaded by autocannon with 32 connections: the peers one at a time in interleaved rounds, the journal's
 * on/off pair at once on one shared CPU (`loadAtOnce`). Run alone: `npx tsx scripts/bench.ts mock-scenarios`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { catalogueOf } from "../mock/catalogue/catalogue.ts";
import { loadSpec } from "../mock/contract/spec.ts";
import { createSpecValidator } from "../mock/contract/validator.ts";
import { Scenarios } from "../mock/scenarios/index.ts";
import {
  freePort,
  load,
  loadAtOnce,
  type ServerProcess,
  spawnOurMock,
  spawnPrismCli,
  spawnServer,
} from "./mock-harness.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

const FIXTURES = 1_000;
const MODELS = 20;
const CONNECTIONS = 32;
const ROUNDS = 5;
const SECONDS_PER_ROUND = 3;
const TARGET = 997;

const models = Array.from({ length: MODELS }, (_, i) => ({ id: `bench-model-${i}`, kind: "language" as const }));
const ours = Array.from({ length: FIXTURES }, (_, i) => ({
  name: `order-${i}`,
  match: { model: `bench-model-${i % MODELS}`, content: `order #${i} ` },
  respond: { text: `Order ${i} ships today.` },
}));
const theirs = {
  fixtures: ours.map(({ match, respond }) => ({
    match: { model: match.model, userMessage: match.content },
    response: { content: respond.text },
  })),
};
const request = {
  method: "POST" as const,
  path: "/v1/chat/completions",
  body: JSON.stringify({
    model: `bench-model-${TARGET % MODELS}`,
    messages: [{ role: "user", content: `Where is order #${TARGET} now?` }],
  }),
};

// Its `exports` hide the bin's file; it sits beside the main entry.
const AIMOCK_CLI = join(dirname(createRequire(import.meta.url).resolve("@copilotkit/aimock")), "cli.js");

async function spawnAimock(fixtures: string): Promise<ServerProcess> {
  const port = await freePort();
  return spawnServer([AIMOCK_CLI, "-p", String(port), "-f", fixtures, "--log-level", "silent"], port);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** Loading and checking the 1,000 fixtures in-process (each rendered in three families, whole and streamed). */
function fixtureLoadMs(): number {
  const spec = loadSpec();
  const context = {
    catalogue: catalogueOf(models, "bench", spec),
    validator: createSpecValidator(spec),
    strict: false,
  };
  const times = Array.from({ length: 3 }, () => {
    const started = performance.now();
    new Scenarios(context, [{ source: "bench", fixtures: ours }]);
    return performance.now() - started;
  });
  return median(times);
}

const bench: BenchCase = async () => {
  const dir = await mkdtemp(join(tmpdir(), "xai-bench-scenarios-"));
  // Compared with the peers one at a time, each with the machine to itself, in interleaved rounds.
  const alone: Record<string, ServerProcess> = {};
  // The journal's cost: the same mock with and without, sharing one CPU so machine noise cannot tell them apart.
  const paired: Record<string, ServerProcess> = {};
  try {
    const files = {
      models: join(dir, "models.json"),
      ours: join(dir, "fixtures.json"),
      theirs: join(dir, "aimock.json"),
    };
    await writeFile(files.models, JSON.stringify(models));
    await writeFile(files.ours, JSON.stringify(ours));
    await writeFile(files.theirs, JSON.stringify(theirs));
    const ourArgs = ["--models", files.models, "--fixtures", files.ours];
    alone.ours = await spawnOurMock(ourArgs);
    alone["prism mock CLI (logging)"] = await spawnPrismCli(false);
    alone["prism mock CLI (silent)"] = await spawnPrismCli(true);
    alone["aimock 1.43 (1,000 fixtures)"] = await spawnAimock(files.theirs);
    paired["journal on"] = await spawnOurMock(ourArgs, { sharedCpu: true });
    paired["this mock, --no-journal"] = await spawnOurMock([...ourArgs, "--no-journal"], { sharedCpu: true });

    const answer = (await (
      await fetch(`${alone.ours.url}${request.path}`, {
        method: "POST",
        headers: { authorization: "Bearer bench", "content-type": "application/json" },
        body: request.body,
      })
    ).json()) as { choices: { message: { content: string } }[] };
    if (answer.choices[0]?.message.content !== `Order ${TARGET} ships today.`) {
      throw new Error(`the bench request did not match fixture #${TARGET}: ${JSON.stringify(answer).slice(0, 200)}`);
    }

    const round = { connections: CONNECTIONS, durationSeconds: SECONDS_PER_ROUND };
    const warmUp = { connections: CONNECTIONS, durationSeconds: 3 };
    const samples: Record<string, number[]> = {};
    const sample = (label: string, rate: number) => {
      samples[label] = [...(samples[label] ?? []), rate];
    };
    for (const server of Object.values(alone)) await load(server.url, request, warmUp);
    await loadAtOnce(paired, request, warmUp);
    for (let i = 0; i < ROUNDS; i++) {
      for (const [label, server] of Object.entries(alone)) {
        sample(label, (await load(server.url, request, round)).requestsPerSecond);
      }
      for (const [label, rate] of Object.entries(await loadAtOnce(paired, request, round))) sample(label, rate);
    }
    const rate = Object.fromEntries(Object.entries(samples).map(([label, values]) => [label, median(values)]));
    const { ours: ourRate, "journal on": journalOn, "this mock, --no-journal": journalOff, ...peers } = rate;
    const records: BenchRecord[] = [
      {
        case: `mock throughput, ${CONNECTIONS} connections: POST /v1/chat/completions matched among ${FIXTURES.toLocaleString("en")} fixtures`,
        unit: "req/s",
        higherIsBetter: true,
        ours: ourRate!,
        peers,
        target: "≥ 5× prism mock CLI (logging)",
      },
      {
        case: "journal cost: the same requests, journal on vs --no-journal (both on one CPU, loaded at once)",
        unit: "req/s per core",
        higherIsBetter: true,
        ours: journalOn!,
        peers: { "this mock, --no-journal": journalOff! },
        target: "≥ 0.9× --no-journal (journal costs ≤ 10 %)",
      },
      {
        case: `start-up: spawn → first answer with ${FIXTURES.toLocaleString("en")} fixtures`,
        unit: "ms",
        higherIsBetter: false,
        ours: alone.ours.startupMs,
        peers: { "aimock 1.43": alone["aimock 1.43 (1,000 fixtures)"]!.startupMs },
        target: "—",
      },
      {
        case: `loading and checking ${FIXTURES.toLocaleString("en")} fixtures against the spec, in-process (median of 3)`,
        unit: "ms",
        higherIsBetter: false,
        ours: fixtureLoadMs(),
        peers: {},
        target: "—",
      },
    ];
    return records;
  } finally {
    await Promise.all([...Object.values(alone), ...Object.values(paired)].map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
  }
};

export default bench;
