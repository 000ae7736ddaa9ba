import type { components } from "../../generated/openapi.ts";
import { ImageFailedError, XaiError } from "../index.ts";
import { pollPlan, pollUntil, type WaitOptions } from "./poll.ts";

type DeferredImage = components["schemas"]["GetDeferredImageResponse"];

/** A finished deferred image job: `data` holds the images. */
export type CompletedImages = DeferredImage & { status: "done"; data: components["schemas"]["GeneratedImage"][] };

/** Default: poll every 2 seconds for up to 10 minutes. */
export const IMAGE_WAIT_DEFAULTS = { interval: 2_000, timeout: 600_000 };

/**
 * Waits for a deferred image job (`images.generate({ deferred: true })`): 202 or `pending` → poll again, `done` →
 * the images, `failed` → ImageFailedError carrying the server's ImageError. Bounded by `timeout` (WaitTimeoutError
 * with the id).
 */
export async function waitForImages(
  requestId: string,
  fetchState: (signal: AbortSignal) => Promise<DeferredImage | undefined>,
  options?: WaitOptions,
): Promise<CompletedImages> {
  const plan = pollPlan("Image", requestId, options, IMAGE_WAIT_DEFAULTS);
  return pollUntil(plan, async ({ signal }) => {
    const state = await fetchState(signal);
    if (state === undefined || state.status === "pending") return undefined;
    if (state.status === "failed") throw new ImageFailedError(requestId, state.error ?? undefined, state);
    if (state.status === "done" && Array.isArray(state.data)) return state as CompletedImages;
    throw new XaiError(
      `Image ${requestId}: unexpected state (status ${JSON.stringify(state.status)}${state.data ? "" : ", no data"})`,
    );
  });
}
