/** Node, Bun and Deno: `<runtime> smoke-cli.mjs <mock url>` prints one JSON line and exits 0 only on success. */
import { runSmoke } from "../smoke.ts";

interface Host {
  process?: { argv: string[]; exit(code: number): never };
  Deno?: { args: string[]; exit(code: number): never };
}
const host = globalThis as Host;
const baseUrl = host.Deno ? host.Deno.args[0] : host.process?.argv[2];
if (!baseUrl) throw new Error("usage: smoke-cli.mjs <mock base url>");

const result = await runSmoke(baseUrl);
console.log(JSON.stringify(result));
const code = result.ok ? 0 : 1;
if (host.Deno) host.Deno.exit(code);
else host.process?.exit(code);
