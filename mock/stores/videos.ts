/**
 * Video jobs behind /v1/videos/{generations,edits,extensions}: each poll of GET /v1/videos/{id} advances the job;
 * it reports `pending` with rising progress for `pendingPolls` polls, then `done` (and stays done). A prompt
 * containing the trigger word {@link VIDEO_FAILURE_TRIGGER} ends in `failed` with a VideoError instead.
 */
import { jsonSize, LruStore, type StoreLimits } from "./lru-store.ts";

export const VIDEO_FAILURE_TRIGGER = "mock-video-fail";

interface VideoJob {
  polls: number;
  model: string;
  duration: number;
  fails: boolean;
}

export type VideoPoll =
  | { state: "unknown" }
  | {
      state: "known";
      body: {
        status: "pending" | "done" | "failed";
        progress: number;
        model: string;
        video?: { url: string; duration: number; respect_moderation: boolean };
        error?: { code: string; message: string };
      };
    };

export class VideoJobs {
  readonly #jobs: LruStore<VideoJob>;

  constructor(
    private readonly pendingPolls: number,
    limits: StoreLimits,
  ) {
    this.#jobs = new LruStore<VideoJob>(limits, jsonSize);
  }

  clear(): void {
    this.#jobs.clear();
  }

  start(requestId: string, request: { prompt?: unknown; model?: unknown; duration?: unknown }): void {
    this.#jobs.set(requestId, {
      polls: 0,
      model: typeof request.model === "string" ? request.model : "grok-imagine-video",
      duration: typeof request.duration === "number" ? request.duration : 6,
      fails: typeof request.prompt === "string" && request.prompt.includes(VIDEO_FAILURE_TRIGGER),
    });
  }

  poll(requestId: string): VideoPoll {
    const job = this.#jobs.get(requestId);
    if (!job) return { state: "unknown" };
    const poll = job.polls++;
    if (poll < this.pendingPolls) {
      const progress = Math.min(99, Math.floor((100 * poll) / this.pendingPolls));
      return { state: "known", body: { status: "pending", progress, model: job.model } };
    }
    if (job.fails) {
      return {
        state: "known",
        body: {
          status: "failed",
          progress: 0,
          model: job.model,
          error: {
            code: "invalid_argument",
            message: `The prompt contains '${VIDEO_FAILURE_TRIGGER}', which makes the mock fail this job.`,
          },
        },
      };
    }
    return {
      state: "known",
      body: {
        status: "done",
        progress: 100,
        model: job.model,
        video: {
          url: `https://vidgen.x.ai/xai-vidgen-bucket/xai-video-${requestId}.mp4`,
          duration: job.duration,
          respect_moderation: true,
        },
      },
    };
  }
}
