/**
 * "No open handles" for a contract file: the sockets, servers and timers alive before the file's servers started
 * (the baseline) may remain once they are closed; anything beyond it is a leak. Node's process.getActiveResourcesInfo() lists them;
 * this is the in-test equivalent of a runner's --detect-open-handles.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, expect, it } from "vitest";

const LEAKABLE = new Set(["TCPSocketWrap", "TCPServerWrap", "Timeout", "Immediate"]);
const SETTLE_MS = 3_000;

const leakableHandles = () => process.getActiveResourcesInfo().filter((kind) => LEAKABLE.has(kind));

let baseline: string[] = [];

/** Records the baseline; call at the top of the file, before the hook that starts the mock. */
export function watchOpenHandles(): void {
  beforeAll(() => {
    baseline = leakableHandles();
  });
}

/** A test that closes the file's servers and waits (bounded) for every socket and timer to go. */
export function itLeavesNoOpenHandles(close: () => Promise<unknown>): void {
  it("leaves no sockets, servers or timers once closed", async () => {
    await close();
    const deadline = performance.now() + SETTLE_MS;
    let extra = beyondBaseline();
    while (extra.length > 0 && performance.now() < deadline) {
      await sleep(50);
      extra = beyondBaseline();
    }
    expect(extra).toEqual([]);
  });
}

/** Handles alive now that the baseline did not have (per kind, so one extra socket among many still shows). */
function beyondBaseline(): string[] {
  const allowance = new Map<string, number>();
  for (const kind of baseline) allowance.set(kind, (allowance.get(kind) ?? 0) + 1);
  return leakableHandles().filter((kind) => {
    const left = allowance.get(kind) ?? 0;
    allowance.set(kind, left - 1);
    return left <= 0;
  });
}
