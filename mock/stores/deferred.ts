/**
 * Deferred chat completions: `deferred: true` stores the result under a request id; the deferred-completion GET
 * answers 202 for the first `pendingPolls` polls, then 200 once with the result (xAI results are one-time
 * access), then 404 like any unknown id.
 */
import { BoundedMap } from "./bounded-map.ts";

export type DeferredPoll = { state: "unknown" } | { state: "pending" } | { state: "done"; result: unknown };

export class DeferredCompletions {
  readonly #jobs = new BoundedMap<string, { polls: number; result: unknown }>(10_000);

  constructor(private readonly pendingPolls: number) {}

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
}
