import type { components } from "../../generated/openapi.ts";
import { VideoFailedError, XaiError } from "../index.ts";
import { pollPlan, pollUntil, type WaitOptions } from "./poll.ts";

type VideoResponse = components["schemas"]["VideoResponse"];

/** A finished video job: `video` is present (its `url` is empty when moderation withheld the video). */
export type CompletedVideo = VideoResponse & {
  status: "done";
  video: components["schemas"]["GeneratedVideo"];
};

export interface VideoWaitOptions extends WaitOptions {
  /** Called after each poll that found the job pending, with its progress (0–99) and the full state. */
  onProgress?: ((progress: number, state: VideoResponse) => void) | undefined;
}

/** Default: poll every 5 seconds for up to 30 minutes. */
export const VIDEO_WAIT_DEFAULTS = { interval: 5_000, timeout: 1_800_000 };

/**
 * Waits for a video job: `pending` (or a bodiless 202) → poll again, `done` → the completed state,
 * `failed` → VideoFailedError carrying the server's VideoError. Bounded by `timeout` (WaitTimeoutError with the id).
 */
export async function waitForVideo(
  requestId: string,
  fetchState: (signal: AbortSignal) => Promise<VideoResponse | undefined>,
  options?: VideoWaitOptions,
): Promise<CompletedVideo> {
  const plan = pollPlan("Video", requestId, options, VIDEO_WAIT_DEFAULTS);
  return pollUntil(plan, async ({ signal }) => {
    const state = await fetchState(signal);
    if (state === undefined || state.status === "pending") {
      if (state) options?.onProgress?.(state.progress ?? 0, state);
      return undefined;
    }
    if (state.status === "failed") throw new VideoFailedError(requestId, state.error ?? undefined, state);
    if (state.status === "done" && state.video) return state as CompletedVideo;
    throw new XaiError(
      `Video ${requestId}: unexpected state (status ${JSON.stringify(state.status)}${state.video ? "" : ", no video"})`,
    );
  });
}
