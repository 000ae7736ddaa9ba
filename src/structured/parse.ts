import type { APIPromise, APIResult } from "../core/api-promise.ts";
import { OutputParseError, OutputValidationError, RefusalError, type StructuredOutputError } from "../core/errors.ts";
import type { RequestOptions } from "../core/request.ts";
import type { Schema } from "../core/types.ts";
import type { ChatRequest } from "../resources/chat.ts";
import type { ResponseRequest } from "../resources/responses.ts";
import type { SchemaInput } from "../schema/json-schema.ts";
import { formatIssues, messageOf, validate } from "../schema/validate.ts";
import type { ChatCompletionStream, ResponseStream } from "../streaming/streams.ts";
import type { JsonSchemaFormat } from "./format.ts";
import { PartialObjectStream } from "./partial-stream.ts";
import type { Parsed } from "./types.ts";

type ChatResponse = Schema<"ChatResponse">;
type ModelResponse = Schema<"ModelResponse">;

/** Chat completions' `create`, as the helpers call it. */
export interface ChatCreate {
  create(body: ChatRequest & { stream: true }, options?: RequestOptions): APIPromise<ChatCompletionStream>;
  create(body: ChatRequest & { stream?: false | null }, options?: RequestOptions): APIPromise<ChatResponse>;
}

/** The Responses API's `create`, as the helpers call it. */
export interface ResponseCreate {
  create(body: ResponseRequest & { stream: true }, options?: RequestOptions): APIPromise<ResponseStream>;
  create(body: ResponseRequest & { stream?: false | null }, options?: RequestOptions): APIPromise<ModelResponse>;
}

/** What an answer holds for parsing: its text, a refusal, and why generation stopped when that explains a failure. */
interface Answer {
  text: string;
  refusal: string | null | undefined;
  /** Set when the answer was cut off, e.g. `finish_reason "length"`. */
  cutOff: string | undefined;
}

/** `chat.completions.parse`: asks for `response_format` json_schema and parses the first choice. */
export function parseChat<T>(
  completions: ChatCreate,
  body: ChatRequest,
  schema: SchemaInput<T>,
  format: JsonSchemaFormat,
  options: RequestOptions | undefined,
): Promise<APIResult<Parsed<T, ChatResponse> | PartialObjectStream<T, Parsed<T, ChatResponse>>>> {
  const request: ChatRequest = { ...body, response_format: { type: "json_schema", json_schema: format } };
  if (request.stream !== true) {
    return completions
      .create({ ...request, stream: request.stream }, options)
      .withResponse()
      .then(async ({ data, response }) => ({ data: await parseAnswer(schema, data, chatAnswer(data)), response }));
  }
  return completions
    .create({ ...request, stream: true }, options)
    .withResponse()
    .then(({ data: stream, response }) => ({
      data: new PartialObjectStream<T, Parsed<T, ChatResponse>>(
        stream,
        () => stream.snapshot()?.choices[0]?.message.content ?? "",
        () => stream.final().then((answer) => parseAnswer(schema, answer, chatAnswer(answer))),
      ),
      response,
    }));
}

/** `responses.parse`: asks for `text.format` json_schema and parses the output text. */
export function parseResponse<T>(
  responses: ResponseCreate,
  body: ResponseRequest,
  schema: SchemaInput<T>,
  format: JsonSchemaFormat,
  options: RequestOptions | undefined,
): Promise<APIResult<Parsed<T, ModelResponse> | PartialObjectStream<T, Parsed<T, ModelResponse>>>> {
  const request: ResponseRequest = { ...body, text: { ...body.text, format: { type: "json_schema", ...format } } };
  if (request.stream !== true) {
    return responses
      .create({ ...request, stream: request.stream }, options)
      .withResponse()
      .then(async ({ data, response }) => ({ data: await parseAnswer(schema, data, responseAnswer(data)), response }));
  }
  return responses
    .create({ ...request, stream: true }, options)
    .withResponse()
    .then(({ data: stream, response }) => ({
      data: new PartialObjectStream<T, Parsed<T, ModelResponse>>(
        stream,
        () => {
          const snapshot = stream.snapshot();
          return snapshot ? responseAnswer(snapshot).text : "";
        },
        () => stream.final().then((answer) => parseAnswer(schema, answer, responseAnswer(answer))),
      ),
      response,
    }));
}

function chatAnswer(response: ChatResponse): Answer {
  const choice = response.choices[0];
  return {
    text: choice?.message.content ?? "",
    refusal: choice?.message.refusal,
    cutOff: choice?.finish_reason === "length" ? 'finish_reason "length": the token limit cut it off' : undefined,
  };
}

/** The output messages' text parts in order (as `outputText`) and their first refusal, in one pass. */
function responseAnswer(response: ModelResponse): Answer {
  let text = "";
  let refusal: string | undefined;
  for (const item of response.output) {
    if (item.type !== "message") continue;
    for (const part of (item as Schema<"OutputMessage">).content) {
      if (part.type === "output_text") text += part.text;
      else refusal ??= part.refusal;
    }
  }
  const reason = response.incomplete_details?.reason;
  return {
    text,
    refusal,
    cutOff: response.status === "incomplete" ? `status "incomplete"${reason ? `: ${reason}` : ""}` : undefined,
  };
}

async function parseAnswer<T, R extends StructuredOutputError["response"]>(
  schema: SchemaInput<T>,
  response: R,
  { text, refusal, cutOff }: Answer,
): Promise<Parsed<T, R>> {
  if (refusal) throw new RefusalError(`The model refused to answer: ${refusal}`, response, refusal);
  const why = cutOff ? ` (${cutOff})` : "";
  if (text.trim() === "") throw new OutputParseError(`The answer has no text to parse${why}`, response, text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new OutputParseError(`The answer is not JSON${why}: ${messageOf(cause)}`, response, text, { cause });
  }
  const result = await validate(schema, value);
  if (result.issues) {
    const detail = formatIssues(result.issues);
    throw new OutputValidationError(
      `The answer does not match the schema: ${detail}`,
      response,
      text,
      result.issues,
      value,
    );
  }
  return { parsed: result.value, response };
}
