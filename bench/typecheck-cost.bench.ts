/**
 * What this client costs a consumer's type-checker: `tsc --noEmit` on a file calling 10 operations
 * through the BUILT package (dist/types, as installed) vs the same 10 through openai-node 6, in the
 * same run. CPU time (user + system: unlike wall time, not inflated by other work on a shared machine)
 * and peak RSS of the tsc process, measured inside it; the runs alternate and the median is kept.
 * Run alone (after `npm run build`): `npx tsx bench/typecheck-cost.bench.ts`.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchCase, BenchRecord } from "./types.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Inside the repo so that `xai-toolkit` resolves to this package (self-reference through its
// `exports`, i.e. dist/types) and `openai` to the repo's node_modules, as in a consumer project.
const project = join(root, ".cache/bench-typecheck");

const ours = `import { createXai } from "xai-toolkit";

const xai = createXai({ apiKey: "xai-key" });
export async function tenOperations(): Promise<unknown[]> {
  const models = await xai.models.list();
  const model = await xai.models.retrieve("grok-4");
  const chat = await xai.chat.completions.create({ model: "grok-4", messages: [{ role: "user", content: "Hi" }] });
  const legacy = await xai.completions.create({ model: "grok-3", prompt: "Hi" });
  const embedding = await xai.embeddings.create({ model: "v1", input: "Hi" });
  const file = await xai.files.retrieve("file-1");
  const deleted = await xai.files.delete("file-1");
  const image = await xai.images.generate({ model: "grok-2-image", prompt: "a lighthouse" });
  const response = await xai.responses.create({ model: "grok-4", input: "Hi" });
  const tokens = await xai.tokenizer.tokenize({ model: "grok-4", text: "Hi" });
  return [models.data[0]?.id, model.id, chat, legacy, embedding, file.filename, deleted, image, response, tokens];
}
`;

const openai = `import OpenAI from "openai";

const client = new OpenAI({ apiKey: "xai-key", baseURL: "https://api.x.ai/v1" });
export async function tenOperations(): Promise<unknown[]> {
  const models = await client.models.list();
  const model = await client.models.retrieve("grok-4");
  const chat = await client.chat.completions.create({ model: "grok-4", messages: [{ role: "user", content: "Hi" }] });
  const legacy = await client.completions.create({ model: "grok-3", prompt: "Hi" });
  const embedding = await client.embeddings.create({ model: "v1", input: "Hi" });
  const file = await client.files.retrieve("file-1");
  const deleted = await client.files.delete("file-1");
  const image = await client.images.generate({ model: "grok-2-image", prompt: "a lighthouse" });
  const response = await client.responses.create({ model: "grok-4", input: "Hi" });
  const files = await client.files.list();
  return [models.data[0]?.id, model.id, chat, legacy, embedding, file.filename, deleted, image, response, files];
}
`;

// The same settings on a file that imports nothing: what every project pays (lib.dom, lib.es2023).
const baseline = `export async function tenOperations(): Promise<unknown[]> {
  return [];
}
`;

// A consumer's usual settings: strict, bundler resolution, libraries' own .d.ts not re-checked.
function tsconfig(file: string): string {
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      types: [],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
    files: [file],
  });
}

// Measured from inside the tsc process itself (tsc ends through process.exit): no external tool needed.
const measuredTsc = `process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write("\\ncpu-us " + (usage.userCPUTime + usage.systemCPUTime) + " maxrss-kb " + usage.maxRSS + "\\n");
});
process.argv = [process.argv[0], "tsc", ...process.argv.slice(1)];
await import(${JSON.stringify(join(root, "node_modules/typescript/lib/tsc.js"))});`;

interface Sample {
  seconds: number;
  megabytes: number;
}

function typecheck(config: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", measuredTsc, "--", "-p", config],
      { cwd: project, timeout: 120_000 },
      (error, stdout, stderr) => {
        const usage = /cpu-us (\d+) maxrss-kb (\d+)/.exec(stderr);
        if (error || !usage) reject(new Error(`tsc -p ${config} failed:\n${stdout}${stderr}`));
        else resolve({ seconds: Number(usage[1]) / 1e6, megabytes: Number(usage[2]) / 1024 });
      },
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

type Contender = "ours" | "openai" | "baseline";

export async function measure(runs = 5): Promise<Record<Contender, Sample>> {
  if (!existsSync(join(root, "dist/types/src/index.d.ts"))) throw new Error("no dist/types: run `npm run build` first");
  await rm(project, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  const sources: Record<Contender, string> = { ours, openai, baseline };
  const samples: Record<Contender, Sample[]> = { ours: [], openai: [], baseline: [] };
  for (const [name, source] of Object.entries(sources)) {
    await writeFile(join(project, `${name}.ts`), source);
    await writeFile(join(project, `tsconfig.${name}.json`), tsconfig(`${name}.ts`));
  }
  try {
    for (let i = 0; i < runs; i++) {
      for (const name of Object.keys(sources) as Contender[])
        samples[name].push(await typecheck(`tsconfig.${name}.json`));
    }
  } finally {
    await rm(project, { recursive: true, force: true });
  }
  const summarize = (list: Sample[]): Sample => ({
    seconds: median(list.map((s) => s.seconds)),
    megabytes: median(list.map((s) => s.megabytes)),
  });
  return { ours: summarize(samples.ours), openai: summarize(samples.openai), baseline: summarize(samples.baseline) };
}

const typecheckCost: BenchCase = async (): Promise<BenchRecord[]> => {
  const { ours, openai: peer, baseline: empty } = await measure();
  const round = (n: number, digits: number) => Number(n.toFixed(digits));
  return [
    {
      case: "consumer tsc --noEmit, 10 operations: CPU time",
      unit: "s",
      higherIsBetter: false,
      ours: round(ours.seconds, 2),
      peers: { "openai-node 6": round(peer.seconds, 2), "no library (floor)": round(empty.seconds, 2) },
      target: "≤ openai-node",
    },
    {
      case: "consumer tsc --noEmit, 10 operations: peak memory",
      unit: "MB",
      higherIsBetter: false,
      ours: round(ours.megabytes, 0),
      peers: { "openai-node 6": round(peer.megabytes, 0), "no library (floor)": round(empty.megabytes, 0) },
      target: "≤ openai-node",
    },
  ];
};

export default typecheckCost;

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await typecheckCost());
