import { inspect } from "node:util";

/**
 * Every way an error (or any value) gets shown, logged or stored — message, String(), stack, JSON, util.inspect with
 * hidden properties and causes, and an API error's body and headers — joined, for a test to grep for a secret.
 */
export function renderings(value: unknown): string {
  const e = value as Error & { body?: unknown; headers?: unknown };
  return [
    String(e?.message),
    String(e),
    String(e?.stack),
    JSON.stringify(e),
    inspect(e, { depth: 10, showHidden: true }),
    JSON.stringify(e?.body ?? null),
    JSON.stringify(e?.headers ?? null),
  ].join("\n");
}
