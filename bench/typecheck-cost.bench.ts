/**
 * What this client costs a consumer's type-checker: `tsc --noEmit` on a file calling 10 operations, a structured
 * output parse with a zod schema and a tool runner with a zod-typed tool through the BUILT package (dist/types, as
 * installed) vs the same through openai-node 6 (`.parse` with `zodResponseFormat`, `runTools` with `zodFunction`), in
 * the same run; the floor is the same settings on a file declaring only the zod schemas. CPU time (user + system: unlike wall time, not inflated by other work on a shared machine)
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

// The zod schemas both files use; the floor declares only these, so zod's own cost is not counted as the client's.
const schemas = `import * as z from "zod";

const Person = z.object({ name: z.string(), born: z.number().int() });
const City = z.object({ city: z.string() });
`;

const ours = `import { createXai, tool } from "xai-toolkit";
${schemas}
const xai = createXai({ apiKey: "xai-key" });
const messages = [{ role: "user" as const, content: "Hi" }];
const weather = tool({ name: "get_weather", parameters: City, execute: ({ city }) => ({ city, celsius: 21 }) });

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
  const { parsed } = await xai.chat.completions.parse({ model: "grok-4", messages }, { schema: Person });
  const run = await xai.chat.completions.runTools({ model: "grok-4", messages, tools: [weather] }).final();
  return [models.data[0]?.id, model.id, chat, legacy, embedding, file.filename, deleted, image, response, tokens,
    parsed.name, run.response.choices[0]?.message.content];
}
`;

const openai = `import OpenAI from "openai";
import { zodFunction, zodResponseFormat } from "openai/helpers/zod";
${schemas}
const client = new OpenAI({ apiKey: "xai-key", baseURL: "https://api.x.ai/v1" });
const messages = [{ role: "user" as const, content: "Hi" }];
const weather = zodFunction({ name: "get_weather", parameters: City, function: ({ city }) => ({ city, celsius: 21 }) });

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
  const completion = await client.chat.completions.parse({
    model: "grok-4",
    messages,
    response_format: zodResponseFormat(Person, "person"),
  });
  const run = await client.chat.completions.runTools({ model: "grok-4", messages, tools: [weather] }).finalChatCompletion();
  return [models.data[0]?.id, model.id, chat, legacy, embedding, file.filename, deleted, image, response, files,
    completion.choices[0]?.message.parsed?.name, run.choices[0]?.message.content];
}
`;

// The same settings on a file with only the zod schemas: what every such project pays (lib.dom, lib.es2023, zod).
const baseline = `${schemas}
export async function tenOperations(): Promise<unknown[]> {
  return [Person, City];
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
      case: "consumer tsc --noEmit, 10 operations + parse (zod) + runTools: CPU time",
      unit: "s",
      higherIsBetter: false,
      ours: round(ours.seconds, 2),
      peers: { "openai-node 6": round(peer.seconds, 2), "zod schemas only (floor)": round(empty.seconds, 2) },
      target: "≤ openai-node",
    },
    {
      case: "consumer tsc --noEmit, 10 operations + parse (zod) + runTools: peak memory",
      unit: "MB",
      higherIsBetter: false,
      ours: round(ours.megabytes, 0),
      peers: { "openai-node 6": round(peer.megabytes, 0), "zod schemas only (floor)": round(empty.megabytes, 0) },
      target: "≤ openai-node",
    },
  ];
};

export default typecheckCost;

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await typecheckCost());
