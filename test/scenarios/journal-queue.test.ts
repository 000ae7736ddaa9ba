/**
 * The journal in-process: recording queues an exchange and any read or clear empties the queue first, so a test
 * that asks right after a request sees it; the key is found wherever it went (a percent-encoded path, a query, deep
 * in a body) and nowhere is kept.
 */
import { describe, expect, it } from "vitest";
import { type ExchangeRecord, Journal } from "../../mock/journal/journal.ts";

const KEY = "xai-QUEUE/TEST+KEY=42";
const LIMITS = { maxEntries: 100, maxBytes: 1 << 20 };

function exchange(overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    time: Date.UTC(2026, 11, 1, 12, 0, 0),
    session: null,
    method: "POST",
    path: "/v1/chat/completions",
    search: "",
    operation: "handle_generic_completion_request",
    headers: { authorization: "Bearer token-one", "content-type": "application/json" },
    body: { model: "grok-4" },
    fixture: null,
    status: 200,
    durationMs: 1.23456,
    ...overrides,
  };
}

describe("Journal", () => {
  it("an exchange is readable as soon as it is recorded, as a whole entry in its field order", () => {
    const journal = new Journal(LIMITS);
    journal.record(exchange());
    const [entry] = journal.entries();
    const expected = {
      seq: 1,
      time: "2026-12-01T12:00:00.000Z",
      session: null,
      method: "POST",
      path: "/v1/chat/completions",
      query: {},
      operation: "handle_generic_completion_request",
      headers: { authorization: "[redacted]", "content-type": "application/json" },
      body: { model: "grok-4" },
      fixture: null,
      status: 200,
      durationMs: 1.235,
    };
    expect(entry).toEqual(expected);
    expect(Object.keys(entry!)).toEqual(Object.keys(expected));
  });

  it("clearing right after recording forgets the queued exchanges too", () => {
    const journal = new Journal(LIMITS);
    journal.record(exchange({ session: "a" }));
    journal.record(exchange({ session: "b" }));
    expect(journal.clear("a")).toBe(1);
    expect(journal.entries().map((e) => e.session)).toEqual(["b"]);
    journal.record(exchange());
    expect(journal.clear()).toBe(2);
    expect(journal.entries()).toEqual([]);
  });

  it("removes the key from a percent-encoded path, a repeated query value and deep in the body", () => {
    const journal = new Journal(LIMITS);
    journal.record(
      exchange({
        path: `/v1/files/${encodeURIComponent(KEY)}`,
        search: `q=a&q=${encodeURIComponent(KEY)}`,
        headers: { "x-api-key": KEY, "x-echo": `copy of ${KEY}` },
        body: { messages: [{ content: [{ text: `say ${KEY}` }] }], [KEY]: true },
      }),
    );
    journal.record(exchange({ body: { note: "no key here" } }));
    const [withKey, withoutKey] = journal.entries();
    expect(withKey).toMatchObject({
      path: "/v1/files/[redacted]",
      query: { q: ["a", "[redacted]"] },
      headers: { "x-api-key": "[redacted]", "x-echo": "copy of [redacted]" },
      body: { messages: [{ content: [{ text: "say [redacted]" }] }], "[redacted]": true },
    });
    expect(JSON.stringify(journal.entries())).not.toContain("QUEUE");
    expect(withoutKey!.body).toEqual({ note: "no key here" });
  });

  it("each reader gets its own copy", () => {
    const journal = new Journal(LIMITS);
    journal.record(exchange());
    (journal.entries()[0]!.body as { model: string }).model = "changed";
    expect(journal.entries()[0]!.body).toEqual({ model: "grok-4" });
  });
});
