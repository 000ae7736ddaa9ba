/**
 * Secret-leak watch for the contract suite. Every contract test file authenticates with CONTRACT_API_KEY, calls
 * `watchForLeaks()` once, and hands what it produced (thrown errors, child-process output, server logs) to
 * `capture`/`captureError`. Console output is captured automatically. At the end of the file one test fails,
 * naming each source, if the key appears anywhere. Vitest runs files in separate workers, so each file checks its
 * own output; test/contract/secrets.test.ts additionally drives every error path and greps the shared temp dir.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, expect, it, vi } from "vitest";

/** Recognisable on sight, so a leak is obvious in any log or snapshot. */
export const CONTRACT_API_KEY = "xai-CONTRACT-TEST-KEY-DO-NOT-LEAK-5f1c9e2a7b";

/** Where contract tests write files (downloads, logs); secrets.test.ts greps it. */
export const CONTRACT_TEMP_DIR = join(tmpdir(), "xai-contract-suite");
mkdirSync(CONTRACT_TEMP_DIR, { recursive: true });

interface Captured {
  readonly source: string;
  readonly text: string;
}

const captured: Captured[] = [];

/** Records text (or any value, serialised) that the suite produced. */
export function capture(source: string, value: unknown): void {
  captured.push({ source, text: typeof value === "string" ? value : safeSerialise(value) });
}

/** Records every way an error can be shown: message, toString, stack, JSON and inspect (with its cause chain). */
export function captureError<T>(error: T, source = "thrown error"): T {
  const text = [String(error), (error as Error)?.stack ?? "", safeSerialise(error), inspect(error, { depth: 6 })];
  captured.push({ source: `${source} (${(error as Error)?.name ?? typeof error})`, text: text.join("\n") });
  return error;
}

function safeSerialise(value: unknown): string {
  try {
    return `${JSON.stringify(value)}\n${inspect(value, { depth: 6 })}`;
  } catch (error) {
    return `<unserialisable: ${(error as Error).message}> ${inspect(value, { depth: 6 })}`;
  }
}

/** Sources whose captured text contains the key. */
export function leakingSources(secret = CONTRACT_API_KEY): string[] {
  return [...new Set(captured.filter(({ text }) => text.includes(secret)).map(({ source }) => source))];
}

export function capturedCount(): number {
  return captured.length;
}

/** Files under `dir` (recursively) whose contents contain the key. */
export function leakingFiles(dir = CONTRACT_TEMP_DIR, secret = CONTRACT_API_KEY): string[] {
  const leaks: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) leaks.push(...leakingFiles(path, secret));
    else if (readFileSync(path).includes(secret)) leaks.push(path);
  }
  return leaks;
}

const consoleMethods = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Captures console output for the rest of the file and registers a final test asserting that nothing captured
 * contains the key. Call once at the top level of a test file.
 */
export function watchForLeaks(): void {
  for (const method of consoleMethods) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      capture(`console.${method}`, args.map((arg) => (typeof arg === "string" ? arg : inspect(arg))).join(" "));
      original(...args);
    });
  }
  afterAll(() => {
    for (const method of consoleMethods) vi.mocked(console[method]).mockRestore();
  });
}

/** The last test of a contract file: the key appears in nothing this file captured. */
export function itLeaksNoSecrets(): void {
  it("leaks no API key in anything this file produced", () => {
    expect(capturedCount(), "this file captured nothing — the leak check would be vacuous").toBeGreaterThan(0);
    expect(leakingSources()).toEqual([]);
  });
}
