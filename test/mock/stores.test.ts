/**
 * The bounded stores the mock's state and journal live in, checked against a plain reference model over random
 * sequences of operations: the same values kept, in the same order, within both caps.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedMap } from "../../mock/stores/bounded-map.ts";
import { FifoStore } from "../../mock/stores/fifo-store.ts";
import { LruStore } from "../../mock/stores/lru-store.ts";

type Op = { kind: "set" | "get" | "delete"; key: number; size: number } | { kind: "clear" };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("set" as const), key: fc.nat(40), size: fc.nat(30) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("get" as const), key: fc.nat(40), size: fc.constant(0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), key: fc.nat(40), size: fc.constant(0) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "clear" as const }) },
);
const limits = fc.record({ maxEntries: fc.integer({ min: 1, max: 12 }), maxBytes: fc.integer({ min: 1, max: 120 }) });
// Long runs: a full store evicts on most sets.
const ops = fc.array(op, { minLength: 50, maxLength: 400 });

/** Least recently used first, as an array: the obviously right store. */
function referenceLru(maxEntries: number, maxBytes: number) {
  let entries: { key: string; value: number; size: number }[] = [];
  const bytes = () => entries.reduce((sum, e) => sum + e.size, 0);
  return {
    set(key: string, value: number, size: number) {
      entries = entries.filter((e) => e.key !== key);
      if (size > maxBytes) return false;
      entries.push({ key, value, size });
      while (entries.length > maxEntries || bytes() > maxBytes) entries.shift();
      return true;
    },
    get(key: string) {
      const entry = entries.find((e) => e.key === key);
      if (entry) entries = [...entries.filter((e) => e !== entry), entry];
      return entry?.value;
    },
    delete(key: string) {
      const had = entries.some((e) => e.key === key);
      entries = entries.filter((e) => e.key !== key);
      return had;
    },
    clear: () => {
      entries = [];
    },
    values: () => entries.map((e) => e.value),
  };
}

describe("LruStore", () => {
  it("keeps what a reference LRU keeps, least recently used first, within both caps", () => {
    fc.assert(
      fc.property(limits, ops, ({ maxEntries, maxBytes }, sequence) => {
        const sizes = new Map<number, number>();
        const store = new LruStore<number>({ maxEntries, maxBytes }, (value) => sizes.get(value)!);
        const model = referenceLru(maxEntries, maxBytes);
        sequence.forEach((step, i) => {
          if (step.kind === "clear") {
            store.clear();
            model.clear();
            return;
          }
          const key = String(step.key);
          if (step.kind === "set") {
            sizes.set(i, step.size);
            expect(store.set(key, i)).toBe(model.set(key, i, step.size));
          } else if (step.kind === "get") expect(store.get(key)).toBe(model.get(key));
          else expect(store.delete(key)).toBe(model.delete(key));
          expect([...store.values()]).toEqual(model.values());
        });
        expect(store.size).toBe(model.values().length);
      }),
    );
  });
});

describe("BoundedMap", () => {
  it("forgets its oldest keys past its capacity, however many were deleted before", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), ops, (capacity, sequence) => {
        const map = new BoundedMap<number, number>(capacity);
        const model = referenceLru(capacity, Number.MAX_SAFE_INTEGER);
        sequence.forEach((step, i) => {
          if (step.kind === "clear") {
            map.clear();
            model.clear();
          } else if (step.kind === "set") {
            map.set(step.key, i);
            model.set(String(step.key), i, 0);
          } else if (step.kind === "delete") {
            expect(map.delete(step.key)).toBe(model.delete(String(step.key)));
          }
          expect([...map.values()]).toEqual(model.values());
        });
      }),
    );
  });
});

describe("FifoStore", () => {
  // Past 1,024 forgotten values the array is compacted: the runs are long enough to get there.
  it("keeps the newest values that fit both caps, oldest first; removes what it is asked to", () => {
    fc.assert(
      fc.property(
        limits,
        fc.array(fc.nat(30), { minLength: 1_100, maxLength: 3_000 }),
        ({ maxEntries, maxBytes }, sizes) => {
          const store = new FifoStore<number>({ maxEntries, maxBytes });
          const model = referenceLru(maxEntries, maxBytes);
          sizes.forEach((size, i) => {
            expect(store.push(i, size)).toBe(model.set(String(i), i, size));
            expect([...store.values()]).toEqual(model.values());
          });
          expect(store.size).toBe(model.values().length);
          const odd = model.values().filter((value) => value % 2 === 1);
          expect(store.remove((value) => value % 2 === 0)).toBe(model.values().length - odd.length);
          expect([...store.values()]).toEqual(odd);
          expect(store.remove()).toBe(odd.length);
          expect([...store.values()]).toEqual([]);
        },
      ),
      { numRuns: 20, endOnFailure: true },
    );
  });

  it("after removing, the byte cap counts only what is left", () => {
    const store = new FifoStore<string>({ maxEntries: 10, maxBytes: 10 });
    for (const value of ["a", "b", "c"]) store.push(value, 4);
    expect([...store.values()]).toEqual(["b", "c"]);
    store.remove((value) => value === "b");
    store.push("d", 6);
    expect([...store.values()]).toEqual(["c", "d"]);
    expect(store.push("huge", 11)).toBe(false);
    expect([...store.values()]).toEqual(["c", "d"]);
  });
});
