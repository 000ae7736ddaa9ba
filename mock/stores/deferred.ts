/**
 * Deferred chat completions: `deferred: true` stores the result under a request id; the deferred-completion GET
 * answers 202 for the first `pendingPolls` polls, then 200 once with the result (xAI results are one-time
 * access), then 404 like any unknown id.
 */
import { jsonSize, LruStore, type StoreLimits } from "./lru-store.ts";

export type DeferredPoll = { state: "unknown" } | { state: "pending" } | { state: "done"; result: unknown };

export class DeferredCompletions {
  readonly #jobs: LruStore<{ polls: number; result: unknown }>;

  constructor(
    private readonly pendingPolls: number,
    limits: StoreLimits,
  ) {
    this.#jobs = new LruStore(limits, (job) => jsonSize(job.result));
  }

  start(requestId: string, result: unknown): void {
    this.#jobs.set(requestId, { polls: 0, result });
  }

  poll(requestId: string): DeferredPoll {
    const job = this.#jobs.get(requestId);
    if (!job) return { state: "unknown" };
    if (job.polls++ < this.pendingPolls) return { state: "pending" };
    this.#jobs.delete(requestId);
    return { state: "done", result: job.result };
  }

  clear(): void {
    this.#jobs.clear();
  }
}
