/**
 * What tests script and check the mock with — fixtures, typed fault headers, the journal and its assertions — shared
 * by both entry points (`xai-toolkit/mock` and `xai-toolkit/msw`). Plain JavaScript: it runs in browsers too.
 */
export type { FixtureControl, JournalControl } from "./control.ts";
export { CONTROL_HEADERS, FAULT_HEADERS, type MockFaultOptions, mockFaults } from "./http/fault-headers.ts";
export { type CallQuery, expectCalled, findCalls } from "./journal/expect.ts";
export type { JournalEntry, JournalFilter } from "./journal/journal.ts";
export { FixtureError, type FixtureSummary } from "./scenarios/index.ts";
export {
  defineFixtures,
  type Fixture,
  type FixtureAnswer,
  type FixtureMatch,
  type FixtureOperation,
  type FixtureToolCall,
  fixture,
} from "./scenarios/types.ts";
export type { StreamPace } from "./sse/format.ts";
