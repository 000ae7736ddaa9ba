import { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, Schema } from "../core/types.ts";
import { streamCall } from "../streaming/call.ts";
import { ResponseStream } from "../streaming/streams.ts";
import { jsonSchemaFormat } from "../structured/format.ts";
import type { PartialObjectStream } from "../structured/partial-stream.ts";
import type { OutputFormat, Parsed } from "../structured/types.ts";
import type { ToolRunOptions } from "../tools/loop.ts";
import type { ResponseToolRequest } from "../tools/responses.ts";
import { ToolRun } from "../tools/tool-run.ts";
import { resource } from "./derive.ts";

export type ResponseRequest = JsonBody<"handle_generic_model_request">;
type ModelResponse = Schema<"ModelResponse">;

/**
 * The Responses API: stateful, tool-using model responses. `retrieve`, `delete`, `compact` and `inputItems.list`
 * (cursor pages of a stored response's input) are derived.
 */
export class Responses extends resource("responses", "create") {
  /** POST /v1/responses. With `stream: true`, a ResponseStream of typed events. */
  create(body: ResponseRequest & { stream: true }, options?: RequestOptions): APIPromise<ResponseStream>;
  create(
    body: ResponseRequest & { stream?: false | null },
    options?: RequestOptions,
  ): APIPromise<Schema<"ModelResponse">>;
  /** `stream` as a boolean known only at run time: the response or the stream. */
  create(body: ResponseRequest, options?: RequestOptions): APIPromise<Schema<"ModelResponse"> | ResponseStream>;
  create(body: ResponseRequest, options?: RequestOptions): APIPromise<Schema<"ModelResponse"> | ResponseStream> {
    if (body.stream === true) {
      return streamCall(
        this.core,
        (init) => this.core.raw.POST("/v1/responses", { body, parseAs: "stream", ...init }),
        options,
        (response, stream) => new ResponseStream(response, stream),
      );
    }
    return call(this.core, (init) => this.core.raw.POST("/v1/responses", { body, ...init }), options) as APIPromise<
      Schema<"ModelResponse">
    >;
  }

  /**
   * Structured output: asks for JSON matching `format.schema` (a Standard Schema validator or a JSON Schema) through
   * `text.format`, and resolves to `{ parsed, response }` with the output text validated and typed. With
   * `stream: true`, a PartialObjectStream of the object as it arrives. Throws RefusalError, OutputParseError or
   * OutputValidationError.
   */
  parse<T>(
    body: ResponseRequest & { stream: true },
    format: OutputFormat<T>,
    options?: RequestOptions,
  ): APIPromise<PartialObjectStream<T, Parsed<T, ModelResponse>>>;
  parse<T>(
    body: ResponseRequest & { stream?: false | null },
    format: OutputFormat<T>,
    options?: RequestOptions,
  ): APIPromise<Parsed<T, ModelResponse>>;
  parse<T>(
    body: ResponseRequest,
    format: OutputFormat<T>,
    options?: RequestOptions,
  ): APIPromise<Parsed<T, ModelResponse> | PartialObjectStream<T, Parsed<T, ModelResponse>>> {
    const wire = jsonSchemaFormat(format);
    return new APIPromise(
      import("../helpers.ts").then((m) => m.parseResponse(this, body, format.schema, wire, options)),
    );
  }

  /**
   * Runs a tool loop: runs the `function_call` items of each answer (concurrently) with their tools' `execute` and
   * sends `function_call_output` items back — continuing by `previous_response_id`, or re-sending the conversation
   * with `store: false` — until an answer calls no function or `options.maxRounds` (10) answers. xAI's own tools
   * (web_search, x_search, code_interpreter, mcp, …) pass through; their calls are in each response's output.
   */
  runTools(
    body: ResponseToolRequest,
    options?: ToolRunOptions,
  ): ToolRun<ModelResponse, Schema<"ResponseStreamEvent">, Schema<"ModelInputPart">> {
    return new ToolRun(import("../helpers.ts").then((m) => m.runResponseTools(this, body, options)));
  }
}
