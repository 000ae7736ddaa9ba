/**
 * Replay pacing (`mock/replay/pace.ts`): deadlines from the replay's start, and waits that never end early, end once
 * their signal aborts, and leave the event loop turning while they sleep.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deadline, waitUntil } from "../../mock/replay/pace.ts";

/** Waits for `due` and says when it ended, or why it could not. */
async function settle(due: number, signal: AbortSignal): Promise<{ at: number } | { aborted: true }> {
  try {
    await waitUntil(due, signal);
    return { at: performance.now() };
  } catch {
    expect(signal.aborted).toBe(true);
    return { aborted: true };
  }
}

describe("replay pacing", () => {
  it("schedules every frame against the replay's start, scaled by the speed", () => {
    expect(deadline(1000, 40, 1)).toBe(1040);
    expect(deadline(1000, 40, 2)).toBe(1020);
    expect(deadline(1000, 40, 0.5)).toBe(1080);
    expect(deadline(1000, 40, 0)).toBe(1000);
  });

  it("ends no wait before its deadline, however many wait at once and whichever abort", async () => {
    const waits = fc.array(fc.record({ inMs: fc.double({ min: -1, max: 6, noNaN: true }), aborts: fc.boolean() }), {
      minLength: 1,
      maxLength: 12,
    });
    await fc.assert(
      fc.asyncProperty(waits, async (specs) => {
        const start = performance.now();
        const stop = new AbortController();
        const results = await Promise.all([
          ...specs.map(({ inMs, aborts }) =>
            settle(start + inMs, aborts ? stop.signal : new AbortController().signal).then((result) => ({
              due: start + inMs,
              aborts,
              result,
            })),
          ),
          new Promise<void>((resolve) => setTimeout(resolve, 2)).then(() => stop.abort()),
        ]);
        for (const outcome of results) {
          if (!outcome) continue;
          if ("at" in outcome.result) expect(outcome.result.at).toBeGreaterThanOrEqual(outcome.due);
          else expect(outcome.aborts).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("rejects at once, in either phase, when the signal has already aborted", async () => {
    const aborted = AbortSignal.abort();
    const start = performance.now();
    await expect(waitUntil(start + 500, aborted)).rejects.toThrow();
    await expect(waitUntil(start + 1, aborted)).rejects.toThrow();
    expect(performance.now() - start).toBeLessThan(400);
  });

  it("lets the event loop turn while it waits out the last fraction of a millisecond", async () => {
    // Loop turns counted while a 1.4 ms wait is in its fine phase; a wait that blocked the thread would see none. Five
    // tries, as a stall of the machine can outlast one wait.
    const turns: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      let waiting = true;
      let count = 0;
      const wait = waitUntil(performance.now() + 1.4, new AbortController().signal).then(() => {
        waiting = false;
      });
      const turn = () => {
        if (!waiting) return;
        count++;
        setImmediate(turn);
      };
      setImmediate(turn);
      await wait;
      turns.push(count);
    }
    expect(Math.max(...turns)).toBeGreaterThanOrEqual(3);
  });
});
