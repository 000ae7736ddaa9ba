/**
 * `xai-toolkit/msw`: the offline xAI mock as msw handlers, for in-process tests in Node and in browsers — the
 * fixtures, answers, fault headers and journal of `xai-toolkit/mock`, validated with Ajv against the effective spec.
 *
 * ```ts
 * import { setupServer } from "msw/node";
 * import { xaiHandlers } from "xai-toolkit/msw";
 * const xai = xaiHandlers({ fixtures: [{ match: { content: "weather" }, respond: { text: "Sunny." } }] });
 * const server = setupServer(...xai.handlers);
 * ```
 */
import spec from "./effective-spec.js";
import { createXaiHandlers, type XaiHandlersOptions, type XaiMockHandlers } from "./msw/handlers.ts";

export type { XaiHandlersOptions, XaiMockHandlers } from "./msw/handlers.ts";
export * from "./testing.ts";

/** msw handlers answering as api.x.ai does, driven by `options.fixtures`. */
export function xaiHandlers(options: XaiHandlersOptions = {}): XaiMockHandlers {
  return createXaiHandlers(spec, options);
}
