/**
 * Deferred image jobs (`images/generations` or `images/edits` with `deferred: true`): GET /v1/images/{request_id}
 * answers 202 for the first `pendingPolls` polls, then the job's images (and stays done). A prompt containing
 * {@link IMAGE_FAILURE_TRIGGER} ends in `failed` with an ImageError instead.
 */
import { jsonSize, LruStore, type StoreLimits } from "./lru-store.ts";

export const IMAGE_FAILURE_TRIGGER = "mock-image-fail";

export interface ImageJob {
  polls: number;
  /** The answer once done: the generated images (as for a request without `deferred`) and their usage. */
  result: { data: unknown[]; usage: unknown };
  fails: boolean;
}

export type ImagePoll =
  | { state: "unknown" }
  | { state: "pending" }
  | { state: "done"; result: ImageJob["result"] }
  | { state: "failed"; error: { code: string; message: string } };

export class ImageJobs {
  readonly #jobs: LruStore<ImageJob>;

  constructor(
    private readonly pendingPolls: number,
    limits: StoreLimits,
  ) {
    this.#jobs = new LruStore<ImageJob>(limits, jsonSize);
  }

  start(requestId: string, prompt: unknown, result: ImageJob["result"]): void {
    const fails = typeof prompt === "string" && prompt.includes(IMAGE_FAILURE_TRIGGER);
    this.#jobs.set(requestId, { polls: 0, result, fails });
  }

  poll(requestId: string): ImagePoll {
    const job = this.#jobs.get(requestId);
    if (!job) return { state: "unknown" };
    if (job.polls++ < this.pendingPolls) return { state: "pending" };
    if (job.fails) {
      return {
        state: "failed",
        error: {
          code: "invalid_argument",
          message: `The prompt contains '${IMAGE_FAILURE_TRIGGER}', which makes the mock fail this job.`,
        },
      };
    }
    return { state: "done", result: job.result };
  }

  clear(): void {
    this.#jobs.clear();
  }
}
