/**
 * The README's complete vitest example ("Testing your app against the mock") is `readme-example.test.ts`, which
 * `npm test` runs, with the package's import specifiers instead of this repo's paths: the two cannot drift apart.
 */
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";

const SECTION = "## Testing your app against the mock";
const SPECIFIERS: Record<string, string> = {
  '"../../src/index.ts"': '"xai-toolkit"',
  '"../../mock/index.ts"': '"xai-toolkit/mock"',
};

/** The code with its import lines in one order (Biome sorts the file's by path, the README's read by package). */
function normalised(code: string): string {
  const lines = code.trim().split("\n");
  const imports = lines.filter((line) => line.startsWith("import "));
  return [...imports.sort(), ...lines.filter((line) => !line.startsWith("import "))].join("\n");
}

it("the README's vitest example is the example test this suite runs", async () => {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const start = readme.indexOf(`\n${SECTION}\n`);
  expect(start, `README has a section "${SECTION}"`).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf("\n## ", start + SECTION.length + 2));
  const block = /```ts\n(\/\/ weather\.test\.ts[\s\S]*?)```/.exec(section)?.[1];
  expect(block, "the section's example starts with `// weather.test.ts`").toBeDefined();

  let file = await readFile(new URL("./readme-example.test.ts", import.meta.url), "utf8");
  for (const [path, specifier] of Object.entries(SPECIFIERS)) file = file.replaceAll(path, specifier);
  expect(normalised(block!)).toBe(normalised(file));
});
