/**
 * The mock alone in a child process, so its memory and sockets can be measured apart from the client driving it.
 * Started by `spawnMockChild` (mock-suite.ts) with its options in XAI_MOCK_CHILD_OPTIONS; answers over IPC:
 * `stats` → { rss, peakRss, sockets }, `settle` → the same after a full GC (when --expose-gc), `reset` → the same
 * after `reset()` and a full GC.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startMockServer } from "../../mock/index.ts";

export type ChildRequest = "stats" | "settle" | "reset";

export interface ChildStats {
  /** Resident set size now, bytes. */
  rss: number;
  /** The most the process ever held resident, bytes. */
  peakRss: number;
  /** TCP sockets open in the process (the server's connections; the listening socket is not one). */
  sockets: number;
}

function stats(): ChildStats {
  return {
    rss: process.memoryUsage.rss(),
    peakRss: process.resourceUsage().maxRSS * 1024,
    sockets: process.getActiveResourcesInfo().filter((kind) => kind === "TCPSocketWrap").length,
  };
}

/** Full GCs until what they free has been handed back (array buffers are freed after the GC that found them). */
async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    globalThis.gc?.();
    await sleep(200);
  }
}

const mock = await startMockServer({ ...JSON.parse(process.env.XAI_MOCK_CHILD_OPTIONS ?? "{}"), port: 0 });
process.on("message", async (message: { type: ChildRequest; id: number }) => {
  if (message.type === "reset") mock.reset();
  if (message.type !== "stats") await settle();
  process.send!({ id: message.id, stats: stats() });
});
process.on("disconnect", () => void mock.close().then(() => process.exit(0)));
process.send!({ ready: mock.port });
