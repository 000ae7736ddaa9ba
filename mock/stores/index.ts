/**
 * Every store of one mock server, created from its options in one place, so `reset()` empties them all and a new
 * store gets its limits (`stores.<name>` in the options, `--store-max-*` on the CLI) by being listed here and in
 * `STORE_NAMES`.
 */
import type { ResolvedOptions, StoreName } from "../options.ts";
import { DeferredCompletions } from "./deferred.ts";
import { FaultBudgets } from "./fault-budgets.ts";
import { FileStore } from "./files.ts";
import type { IdFactory } from "./ids.ts";
import { ImageJobs } from "./images.ts";
import { StoredResponses } from "./responses.ts";
import { SkillStore } from "./skills.ts";
import { VideoJobs } from "./videos.ts";

export function createStores(options: ResolvedOptions, ids: IdFactory) {
  const { stores: limits } = options;
  return {
    files: new FileStore(ids, limits.files),
    responses: new StoredResponses(limits.responses),
    deferred: new DeferredCompletions(options.deferredPolls, limits.deferred),
    videos: new VideoJobs(options.videoPolls, limits.videos),
    images: new ImageJobs(options.deferredPolls, limits.images),
    skills: new SkillStore(ids, limits.skills),
    faultBudgets: new FaultBudgets(limits.faultBudgets),
  } satisfies Record<StoreName, { clear(): void }>;
}

export type Stores = ReturnType<typeof createStores>;

export function clearStores(stores: Stores): void {
  for (const store of Object.values(stores)) store.clear();
}
