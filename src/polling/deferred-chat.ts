import type { components } from "../../generated/openapi.ts";
import { XaiError } from "../index.ts";
import { pollPlan, pollUntil, type WaitOptions } from "./poll.ts";

type ChatResponse = components["schemas"]["ChatResponse"];

export interface DeferredWaitOptions extends WaitOptions {
  /** Called after each poll that found the completion still pending. */
  onPoll?: ((poll: { attempt: number; elapsedMs: number }) => void) | undefined;
}

/** One poll's answer: the HTTP status and, for 200, the completion. */
export interface DeferredPoll {
  status: number;
  body: ChatResponse | undefined;
}

/** Default: poll every second for up to 10 minutes. */
export const DEFERRED_WAIT_DEFAULTS = { interval: 1_000, timeout: 600_000 };

/**
 * Waits for a deferred chat completion: 202 → poll again, 200 → the `ChatResponse`. Errors from `fetchPoll` (e.g.
 * NotFoundError for an unknown or already-collected id) end the wait; running out of time throws WaitTimeoutError
 * carrying the request id.
 */
export async function waitForDeferredCompletion(
  requestId: string,
  fetchPoll: (signal: AbortSignal) => Promise<DeferredPoll>,
  options?: DeferredWaitOptions,
): Promise<ChatResponse> {
  const plan = pollPlan("Deferred chat completion", requestId, options, DEFERRED_WAIT_DEFAULTS);
  return pollUntil(plan, async ({ signal, attempt, elapsedMs }) => {
    const { status, body } = await fetchPoll(signal);
    if (status === 202) {
      options?.onPoll?.({ attempt, elapsedMs });
      return undefined;
    }
    if (status === 200 && body !== undefined) return body;
    throw new XaiError(
      `Deferred chat completion ${requestId}: expected 202 (pending) or 200 with the completion, got ${status}${body === undefined ? " without a body" : ""}`,
    );
  });
}
