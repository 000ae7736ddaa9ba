/*
 * The package entry. Code loaded on first use through `import()` (stream decoding, parse/runTools, the waiters, the
 * upload, Node file access) imports the error classes from here, not from ./core/errors.ts: a bundler then keeps all
 * of this entry's modules in one chunk that the lazily loaded chunks import from. Were they to import ./core/ directly,
 * esbuild would split the modules both sides load into a chunk of their own, with its own compression context and
 * export list, ~500 B more for the entry (test/client/bundle-size.test.ts checks that the entry loads as one chunk).
 */
export { MAX_UPLOAD_BYTES } from "./api-facts.ts";
export {
  type ClientOptions,
  createXai,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type Xai,
} from "./client.ts";
export { APIPromise, type APIResponse } from "./core/api-promise.ts";
export * from "./core/errors.ts";
export { RETRY_COUNT_HEADER } from "./core/exchange.ts";
export { DEFAULT_MAX_RESPONSE_BYTES, type RequestOptions, type RetryInfo } from "./core/state.ts";
export type { JsonBody, JsonResult, Query, Schema } from "./core/types.ts";
export { FileContent } from "./files/content.ts";
export { FileList, type FilePage, type ListFilesQuery } from "./files/pagination.ts";
export type { SkillInput, UploadInput, UploadOptions } from "./files/upload.ts";
export { citations, serverToolCalls } from "./output/sources.ts";
export { type ModelResult, outputText, reasoningText } from "./output/text.ts";
export { CursorList, type CursorPage } from "./pagination/cursor.ts";
export type { DeferredWaitOptions } from "./polling/deferred-chat.ts";
export type { CompletedImages } from "./polling/image.ts";
export type { WaitOptions } from "./polling/poll.ts";
export type { CompletedVideo, VideoWaitOptions } from "./polling/video.ts";
export type { JsonSchema, SchemaInput } from "./schema/json-schema.ts";
export type { StandardJSONSchemaV1, StandardSchemaV1 } from "./schema/standard-schema.ts";
export { EventStream } from "./streaming/event-stream.ts";
export { ChatCompletionStream, MessageStream, ResponseStream } from "./streaming/streams.ts";
export type { PartialObjectStream } from "./structured/partial-stream.ts";
export type { DeepPartial, OutputFormat, Parsed } from "./structured/types.ts";
export type { ChatToolRequest } from "./tools/chat.ts";
export type { ToolRunOptions } from "./tools/loop.ts";
export type { ResponseToolRequest } from "./tools/responses.ts";
export { type Tool, type ToolContext, type ToolDefinition, tool } from "./tools/tool.ts";
export type { ToolRun } from "./tools/tool-run.ts";
export type * from "./tools/types.ts";
export type * from "./types.ts";
