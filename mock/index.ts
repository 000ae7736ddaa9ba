/** The offline xAI mock: Prism validates every request against the effective spec; xAI behaviours on top. */

export { type CassetteCheck, type CheckReport, checkCassettes } from "./cassettes/check.ts";
export { CASSETTE_VERSION, type Cassette } from "./cassettes/format.ts";
export { MODEL_KINDS, type ModelEntry, type ModelKind } from "./catalogue/models.ts";
export { type MockServer, type MockSession, startMockServer } from "./http/server.ts";
export { DEFAULTS as MOCK_DEFAULTS, type MockServerOptions, STORE_NAMES, type StoreName } from "./options.ts";
export { type Recorder, type RecorderOptions, startRecorder } from "./record/recorder.ts";
export type { ReplaySummary } from "./replay/replayer.ts";
export { IMAGE_FAILURE_TRIGGER } from "./stores/images.ts";
export type { StoreLimits } from "./stores/lru-store.ts";
export { VIDEO_FAILURE_TRIGGER } from "./stores/videos.ts";
export * from "./testing.ts";
