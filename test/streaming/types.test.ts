import { describe, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/openapi.ts";
import {
  type APIPromise,
  type ChatCompletionStream,
  type CompletedVideo,
  createXai,
  type FileContent,
  type FileList,
  type MessageStream,
  type ResponseStream,
} from "../../src/index.ts";

type Schemas = components["schemas"];
const xai = createXai({ baseUrl: "http://127.0.0.1:9" });
const messages = [{ role: "user" as const, content: "Hi" }];

describe("overload and result types", () => {
  it("stream: true selects the typed stream, deferred: true the request id, otherwise the response", () => {
    expectTypeOf(xai.chat.completions.create({ model: "m", messages, stream: true })).toEqualTypeOf<
      APIPromise<ChatCompletionStream>
    >();
    expectTypeOf(xai.chat.completions.create({ model: "m", messages, deferred: true })).toEqualTypeOf<
      APIPromise<Schemas["StartDeferredChatResponse"]>
    >();
    expectTypeOf(xai.chat.completions.create({ model: "m", messages })).toEqualTypeOf<
      APIPromise<Schemas["ChatResponse"]>
    >();
    expectTypeOf(xai.responses.create({ model: "m", input: "Hi", stream: true })).toEqualTypeOf<
      APIPromise<ResponseStream>
    >();
    expectTypeOf(xai.messages.create({ model: "m", max_tokens: 1, messages, stream: true })).toEqualTypeOf<
      APIPromise<MessageStream>
    >();
  });

  it("streams iterate the spec's event schemas and finish with the unstreamed shapes", () => {
    expectTypeOf<ChatCompletionStream>().toExtend<AsyncIterable<Schemas["ChatResponseChunk"]>>();
    expectTypeOf<ResponseStream>().toExtend<AsyncIterable<Schemas["ResponseStreamEvent"]>>();
    expectTypeOf<MessageStream>().toExtend<AsyncIterable<Schemas["MessageStreamEvent"]>>();
    expectTypeOf<ChatCompletionStream["finalChatCompletion"]>().returns.toEqualTypeOf<
      Promise<Schemas["ChatResponse"]>
    >();
    expectTypeOf<ResponseStream["finalResponse"]>().returns.toEqualTypeOf<Promise<Schemas["ModelResponse"]>>();
    expectTypeOf<MessageStream["finalMessage"]>().returns.toEqualTypeOf<Promise<Schemas["MessageResponse"]>>();
  });

  it("waiters, list and content", () => {
    expectTypeOf(xai.chat.deferred.wait).returns.toEqualTypeOf<Promise<Schemas["ChatResponse"]>>();
    expectTypeOf(xai.videos.wait).returns.toEqualTypeOf<Promise<CompletedVideo>>();
    expectTypeOf<CompletedVideo["video"]>().toEqualTypeOf<Schemas["GeneratedVideo"]>();
    expectTypeOf(xai.files.list()).toEqualTypeOf<FileList>();
    expectTypeOf<FileList>().toExtend<AsyncIterable<Schemas["File"]>>();
    expectTypeOf(xai.files.content).returns.toEqualTypeOf<APIPromise<FileContent>>();
  });
});
