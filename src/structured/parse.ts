import type { APIResult } from "../core/api-promise.ts";
import type { RequestOptions } from "../core/request.ts";
import type { Schema } from "../core/types.ts";
import { OutputParseError, OutputValidationError, RefusalError, type StructuredOutputError } from "../index.ts";
import type { ChatRequest } from "../resources/chat.ts";
import type { ResponseRequest } from "../resources/responses.ts";
import type { SchemaInput } from "../schema/json-schema.ts";
import { formatIssues, messageOf, validate } from "../schema/validate.ts";
import type { StreamingCreate } from "./create.ts";
import type { JsonSchemaFormat } from "./format.ts";
import { PartialObjectStream } from "./partial-stream.ts";
import type { Parsed } from "./types.ts";

type ChatResponse = Schema<"ChatResponse">;
type ModelResponse = Schema<"ModelResponse">;

/** What an answer holds for parsing: its text, a refusal, and why generation stopped when that explains a failure. */
interface Answer {
  text: string;
  refusal: string | null | undefined;
  /** Set when the answer was cut off, e.g. `finish_reason "length"`. */
  cutOff: string | undefined;
}

/** `chat.completions.parse`: asks for `response_format` json_schema and parses the first choice. */
export function parseChat<T>(
  completions: StreamingCreate<ChatRequest, ChatResponse, unknown>,
  body: ChatRequest,
  schema: SchemaInput<T>,
  format: JsonSchemaFormat,
  options: RequestOptions | undefined,
): Promise<APIResult<Parsed<T, ChatResponse> | PartialObjectStream<T, Parsed<T, ChatResponse>>>> {
  const request = { ...body, response_format: { type: "json_schema" as const, json_schema: format } };
  return parseWith(completions, request, schema, chatAnswer, options);
}

/** `responses.parse`: asks for `text.format` json_schema and parses the output text. */
export function parseResponse<T>(
  responses: StreamingCreate<ResponseRequest, ModelResponse, unknown>,
  body: ResponseRequest,
  schema: SchemaInput<T>,
  format: JsonSchemaFormat,
  options: RequestOptions | undefined,
): Promise<APIResult<Parsed<T, ModelResponse> | PartialObjectStream<T, Parsed<T, ModelResponse>>>> {
  const request = { ...body, text: { ...body.text, format: { type: "json_schema" as const, ...format } } };
  return parseWith(responses, request, schema, responseAnswer, options);
}

/** Sends `request` and parses its answer, or with `stream: true` wraps the stream so it yields partial objects. */
function parseWith<T, Body extends { stream?: boolean | null }, R extends StructuredOutputError["response"]>(
  api: StreamingCreate<Body, R, unknown>,
  request: Body,
  schema: SchemaInput<T>,
  answerOf: (response: R) => Answer,
  options: RequestOptions | undefined,
): Promise<APIResult<Parsed<T, R> | PartialObjectStream<T, Parsed<T, R>>>> {
  const parse = (answer: R) => parseAnswer(schema, answer, answerOf(answer));
  if (request.stream !== true) {
    return api
      .create(request as Body & { stream?: false | null }, options)
      .withResponse()
      .then(async ({ data, response }) => ({ data: await parse(data), response }));
  }
  return api
    .create({ ...request, stream: true }, options)
    .withResponse()
    .then(({ data: stream, response }) => {
      const text = () => {
        const snapshot = stream.snapshot();
        return snapshot ? answerOf(snapshot).text : "";
      };
      return {
        data: new PartialObjectStream<T, Parsed<T, R>>(stream, text, () => stream.final().then(parse)),
        response,
      };
    });
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
