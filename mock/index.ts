/** The offline xAI mock: Prism validates every request against the effective spec; xAI behaviours on top. */
export { FAULT_HEADERS } from "./faults.ts";
export { type MockServer, type MockServerOptions, startMockServer } from "./server.ts";
export { VIDEO_FAILURE_TRIGGER } from "./videos.ts";
