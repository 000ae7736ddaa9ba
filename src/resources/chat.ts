import { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, Schema } from "../core/types.ts";
import type { DeferredWaitOptions } from "../polling/deferred-chat.ts";
import { streamCall } from "../streaming/call.ts";
import { ChatCompletionStream } from "../streaming/streams.ts";
import { jsonSchemaFormat } from "../structured/format.ts";
import type { PartialObjectStream } from "../structured/partial-stream.ts";
import type { OutputFormat, Parsed } from "../structured/types.ts";
import type { ChatToolRequest } from "../tools/chat.ts";
import type { ToolRunOptions } from "../tools/loop.ts";
import { ToolRun } from "../tools/tool-run.ts";
import { resource } from "./derive.ts";
import { requireId } from "./validate.ts";

export type ChatRequest = JsonBody<"handle_generic_completion_request">;
/** A chat request for `parse`, which sets `response_format` itself. */
export type ChatParseRequest = Omit<ChatRequest, "response_format" | "deferred">;
type ChatResponse = Schema<"ChatResponse">;

export class ChatCompletions extends resource("chat.completions", "create") {
  /**
   * POST /v1/chat/completions. With `deferred: true` the answer is a `request_id` for `chat.deferred`; with
   * `stream: true` a ChatCompletionStream of `ChatResponseChunk` events.
   */
  create(
    body: ChatRequest & { deferred: true },
    options?: RequestOptions,
  ): APIPromise<Schema<"StartDeferredChatResponse">>;
  create(body: ChatRequest & { stream: true }, options?: RequestOptions): APIPromise<ChatCompletionStream>;
  create(body: ChatRequest & { stream?: false | null }, options?: RequestOptions): APIPromise<Schema<"ChatResponse">>;
  /** `stream` as a boolean known only at run time: the completion or the stream. */
  create(body: ChatRequest, options?: RequestOptions): APIPromise<Schema<"ChatResponse"> | ChatCompletionStream>;
  create(
    body: ChatRequest,
    options?: RequestOptions,
  ): APIPromise<Schema<"ChatResponse"> | Schema<"StartDeferredChatResponse"> | ChatCompletionStream> {
    if (body.stream === true && body.deferred !== true) {
      return streamCall(
        this.core,
        (init) => this.core.raw.POST("/v1/chat/completions", { body, parseAs: "stream", ...init }),
        options,
        (response, stream) => new ChatCompletionStream(response, stream),
      );
    }
    return call(
      this.core,
      (init) => this.core.raw.POST("/v1/chat/completions", { body, ...init }),
      options,
    ) as APIPromise<Schema<"ChatResponse"> | Schema<"StartDeferredChatResponse">>;
  }

  /**
   * Structured output: asks for JSON matching `format.schema` (a Standard Schema validator — zod, valibot, arktype —
   * or a JSON Schema) through `response_format`, and resolves to `{ parsed, response }` with the first choice
   * validated and typed. With `stream: true`, a PartialObjectStream of the object as it arrives. Throws
   * RefusalError, OutputParseError (not JSON) or OutputValidationError (with the validator's issues).
   */
  parse<T>(
    body: ChatParseRequest & { stream: true },
    format: OutputFormat<T>,
    options?: RequestOptions,
  ): APIPromise<PartialObjectStream<T, Parsed<T, ChatResponse>>>;
  parse<T>(
    body: ChatParseRequest & { stream?: false | null },
    format: OutputFormat<T>,
    options?: RequestOptions,
  ): APIPromise<Parsed<T, ChatResponse>>;
  parse<T>(
    body: ChatParseRequest,
    format: OutputFormat<T>,
    options?: RequestOptions,
  ): APIPromise<Parsed<T, ChatResponse> | PartialObjectStream<T, Parsed<T, ChatResponse>>> {
    const wire = jsonSchemaFormat(format);
    return new APIPromise(import("../helpers.ts").then((m) => m.parseChat(this, body, format.schema, wire, options)));
  }

  /**
   * Runs a tool loop: sends the request, runs the function calls of each answer (concurrently) with their tools'
   * `execute`, sends the results back as `role: "tool"` messages, until an answer calls no function or
   * `options.maxRounds` (10) answers. Tools xAI runs itself pass through. With `stream: true` each answer streams.
   */
  runTools(
    body: ChatToolRequest,
    options?: ToolRunOptions,
  ): ToolRun<ChatResponse, Schema<"ChatResponseChunk">, Schema<"Message">> {
    return new ToolRun(import("../helpers.ts").then((m) => m.runChatTools(this, body, options)));
  }
}

/** GET /v1/chat/deferred-completion/{request_id} (`retrieve`: the completion, or `undefined` while it runs) and `wait`. */
export class DeferredCompletions extends resource("chat.deferred") {
  /**
   * Polls until the deferred completion is ready (202 → poll again) and resolves with it. Bounded by `timeout`
   * (WaitTimeoutError carries the request id: call `wait` again to resume); NotFoundError for an unknown id;
   * `signal` aborts. Each poll is one `retrieve` with this client's retries.
   */
  wait(requestId: string, options?: DeferredWaitOptions): Promise<Schema<"ChatResponse">> {
    requireId(requestId, "requestId");
    // The poller loads on first use, so bundles leave it in a lazy chunk for apps that never wait.
    return import("../polling/deferred-chat.ts").then(({ waitForDeferredCompletion }) =>
      waitForDeferredCompletion(
        requestId,
        async (signal) => {
          const { data, response } = await this.retrieve(requestId, { signal }).withResponse();
          return { status: response.status, body: data };
        },
        options,
      ),
    );
  }
}
