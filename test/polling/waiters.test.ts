import { describe, expect, it } from "vitest";
import type { components } from "../../generated/openapi.ts";
import {
  APIUserAbortError,
  makeAPIError,
  NotFoundError,
  VideoFailedError,
  WaitTimeoutError,
} from "../../src/core/errors.ts";
import { waitForDeferredCompletion } from "../../src/polling/deferred-chat.ts";
import { waitForVideo } from "../../src/polling/video.ts";

type VideoResponse = components["schemas"]["VideoResponse"];

const completion: components["schemas"]["ChatResponse"] = {
  id: "c1",
  object: "chat.completion",
  created: 1,
  model: "grok-4",
  choices: [{ index: 0, message: { role: "assistant", content: "303" }, finish_reason: "stop" }],
};

/** Answers from a script, one per poll; the last answer repeats. */
function scripted<T>(answers: T[]) {
  let polls = 0;
  const fetch = async (signal: AbortSignal): Promise<T> => {
    signal.throwIfAborted();
    const answer = answers[Math.min(polls, answers.length - 1)]!;
    polls++;
    return answer;
  };
  return { fetch, polls: () => polls };
}

describe("waitForDeferredCompletion", () => {
  it("polls through 202s and resolves with the 200 completion, reporting each pending poll", async () => {
    const server = scripted([
      { status: 202, body: undefined },
      { status: 202, body: undefined },
      { status: 200, body: completion },
    ]);
    const pending: number[] = [];
    const result = await waitForDeferredCompletion("req_1", server.fetch, {
      interval: 5,
      onPoll: ({ attempt }) => pending.push(attempt),
    });
    expect(result).toEqual(completion);
    expect(pending).toEqual([1, 2]);
    expect(server.polls()).toBe(3);
  });

  it("refuses a 200 without a completion instead of polling until the timeout", async () => {
    const server = scripted([{ status: 200, body: undefined }]);
    await expect(waitForDeferredCompletion("req_e", server.fetch, { interval: 5 })).rejects.toThrow(
      /got 200 without a body/,
    );
  });

  it("lets NotFoundError for an unknown id end the wait", async () => {
    const fetch = async () => {
      throw makeAPIError(404, { code: "not_found", error: "no such request" }, {});
    };
    await expect(waitForDeferredCompletion("req_x", fetch, { interval: 5 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("times out with WaitTimeoutError carrying the request id, so the caller can resume", async () => {
    const server = scripted([{ status: 202, body: undefined }]);
    const started = performance.now();
    const error = await waitForDeferredCompletion("req_slow", server.fetch, { interval: 10, timeout: 60 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ requestId: "req_slow", timeoutMs: 60 });
    expect((error as Error).message).toContain('wait("req_slow")');
    expect(performance.now() - started).toBeLessThan(1_000);
    // Resuming with the same id picks the result up.
    const resumed = await waitForDeferredCompletion("req_slow", scripted([{ status: 200, body: completion }]).fetch);
    expect(resumed.id).toBe("c1");
  });

  it("aborts the poll in flight at the deadline (a hanging request cannot outlive the timeout)", async () => {
    const hanging = (signal: AbortSignal) =>
      new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
    await expect(waitForDeferredCompletion("req_hang", hanging, { timeout: 50 })).rejects.toBeInstanceOf(
      WaitTimeoutError,
    );
  });

  it("stops with APIUserAbortError when the caller aborts, during a sleep or before starting", async () => {
    const controller = new AbortController();
    const server = scripted([{ status: 202, body: undefined }]);
    setTimeout(() => controller.abort("user gave up"), 30);
    const error = await waitForDeferredCompletion("req_2", server.fetch, {
      interval: 1_000,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).reason).toBe("user gave up");
    await expect(
      waitForDeferredCompletion("req_2", server.fetch, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("rejects unbounded or busy-loop options before polling", async () => {
    const server = scripted([{ status: 202, body: undefined }]);
    await expect(waitForDeferredCompletion("r", server.fetch, { timeout: Number.POSITIVE_INFINITY })).rejects.toThrow(
      /every wait is bounded/,
    );
    await expect(waitForDeferredCompletion("r", server.fetch, { interval: 0 })).rejects.toThrow(/interval/);
    expect(server.polls()).toBe(0);
  });
});

const pending = (progress: number): VideoResponse => ({ status: "pending", progress });

describe("waitForVideo", () => {
  it("reports progress and resolves with the done state and its video URL", async () => {
    const done: VideoResponse = {
      status: "done",
      progress: 100,
      model: "grok-imagine-video",
      video: { url: "https://vidgen.x.ai/v.mp4", duration: 6, respect_moderation: true },
    };
    const seen: number[] = [];
    const result = await waitForVideo("vid_1", scripted([undefined, pending(10), pending(60), done]).fetch, {
      interval: 5,
      onProgress: (progress) => seen.push(progress),
    });
    expect(result.video.url).toBe("https://vidgen.x.ai/v.mp4");
    expect(seen).toEqual([10, 60]);
  });

  it("throws VideoFailedError carrying the server's VideoError", async () => {
    const failed: VideoResponse = {
      status: "failed",
      progress: 0,
      error: { code: "invalid_argument", message: "prompt rejected" },
    };
    const error = await waitForVideo("vid_2", scripted([pending(5), failed]).fetch, { interval: 5 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VideoFailedError);
    expect(error).toMatchObject({
      requestId: "vid_2",
      code: "invalid_argument",
      videoError: { code: "invalid_argument", message: "prompt rejected" },
    });
  });

  it("times out with the request id", async () => {
    await expect(
      waitForVideo("vid_3", scripted([pending(1)]).fetch, { interval: 5, timeout: 40 }),
    ).rejects.toMatchObject({ name: "WaitTimeoutError", requestId: "vid_3" });
  });

  it("ends on an expired job instead of polling until the timeout", async () => {
    await expect(
      waitForVideo("vid_4", scripted<VideoResponse>([{ status: "expired", progress: 0 }]).fetch, { interval: 5 }),
    ).rejects.toThrow(/unexpected state \(status "expired"/);
  });
});
