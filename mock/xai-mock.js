#!/usr/bin/env node
// The `xai-mock` bin: runs the compiled CLI when a build exists, else the TypeScript source through tsx.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/mock/cli.js", import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("./cli.ts", import.meta.url).href);
}
