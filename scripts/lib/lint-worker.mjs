// Lints specs with @redocly/openapi-core inside a worker thread (see lint.ts for why), one request per message:
// { id, source, examplesOnly } → { id, problems } | { id, error }. `examplesOnly` runs just the media-type example
// rule, with redocly.yaml's settings for it, to re-check rebuilt examples.
// Plain JavaScript: worker threads start without the TypeScript loader that tsx/vitest give the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { createConfig, lintFromString, loadConfig } from "@redocly/openapi-core";

const EXAMPLE_RULE = "no-invalid-media-type-examples";
const config = await loadConfig({ configPath: workerData.configPath });
const examplesConfig = await createConfig({
  rules: { [EXAMPLE_RULE]: config.resolvedConfig.rules?.[EXAMPLE_RULE] ?? "error" },
});

parentPort.on("message", async ({ id, source, examplesOnly }) => {
  try {
    const problems = await lintFromString({
      source,
      absoluteRef: "xai-openapi.effective.json",
      config: examplesOnly ? examplesConfig : config,
    });
    parentPort.postMessage({
      id,
      problems: problems.map((p) => ({
        ruleId: p.ruleId,
        severity: p.severity,
        message: p.message,
        pointer: p.location[0]?.pointer ?? "",
      })),
    });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
