// Lints one spec with @redocly/openapi-core inside a worker thread (see lint.ts for why).
// Plain JavaScript: worker threads start without the TypeScript loader that tsx/vitest give the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { lintFromString, loadConfig } from "@redocly/openapi-core";

const { source, configPath } = workerData;
const config = await loadConfig({ configPath });
const problems = await lintFromString({ source, absoluteRef: "xai-openapi.effective.json", config });
parentPort.postMessage(
  problems.map((p) => ({
    ruleId: p.ruleId,
    severity: p.severity,
    message: p.message,
    pointer: p.location[0]?.pointer ?? "",
  })),
);
