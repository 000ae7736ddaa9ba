/** The offline xAI mock: Prism validates every request against the effective spec; xAI behaviours on top. */
export { MODEL_KINDS, type ModelEntry, type ModelKind } from "./catalogue/models.ts";
export type { FixtureControl, JournalControl } from "./control.ts";
export { CONTROL_HEADERS, FAULT_HEADERS, type MockFaultOptions, mockFaults } from "./http/fault-headers.ts";
export { type MockServer, type MockSession, startMockServer } from "./http/server.ts";
export { type CallQuery, expectCalled, findCalls } from "./journal/expect.ts";
export type { JournalEntry, JournalFilter } from "./journal/journal.ts";
export { DEFAULTS as MOCK_DEFAULTS, type MockServerOptions, STORE_NAMES, type StoreName } from "./options.ts";
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
export { IMAGE_FAILURE_TRIGGER } from "./stores/images.ts";
export type { StoreLimits } from "./stores/lru-store.ts";
export { VIDEO_FAILURE_TRIGGER } from "./stores/videos.ts";
