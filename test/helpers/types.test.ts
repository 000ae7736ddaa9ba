import { toStandardJsonSchema } from "@valibot/to-json-schema";
import { type } from "arktype";
import * as v from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import * as z from "zod";
import type { components } from "../../generated/openapi.ts";
import {
  type APIPromise,
  type ChatToolRunResult,
  citations,
  createXai,
  type DeepPartial,
  type Parsed,
  type PartialObjectStream,
  type ResponseToolRunResult,
  type Tool,
  type ToolRun,
  tool,
} from "../../src/index.ts";
import { chatResponse, modelResponse } from "./fixtures.ts";

type S = components["schemas"];
const xai = createXai({ apiKey: "test-key", fetch: async () => Response.json({}) });
const messages = [{ role: "user" as const, content: "hi" }];
const Person = z.object({ name: z.string(), born: z.number() });

// Compile-time only: these calls are never awaited or run against a server.
describe("parse infers the parsed type from the schema", () => {
  it("zod, valibot and arktype: the validator's output type", () => {
    expectTypeOf(xai.chat.completions.parse({ model: "m", messages }, { schema: Person })).toEqualTypeOf<
      APIPromise<Parsed<{ name: string; born: number }, S["ChatResponse"]>>
    >();
    const valibot = toStandardJsonSchema(v.object({ tags: v.array(v.string()) }));
    expectTypeOf(xai.responses.parse({ model: "m", input: "x" }, { schema: valibot })).resolves.toEqualTypeOf<
      Parsed<{ tags: string[] }, S["ModelResponse"]>
    >();
    const ark = type({ ok: "boolean" });
    expectTypeOf(xai.chat.completions.parse({ model: "m", messages }, { schema: ark }))
      .resolves.toHaveProperty("parsed")
      .toEqualTypeOf<{ ok: boolean }>();
    const transformed = z.object({ when: z.string().transform((s) => new Date(s)) });
    expectTypeOf(xai.chat.completions.parse({ model: "m", messages }, { schema: transformed, jsonSchema: {} }))
      .resolves.toHaveProperty("parsed")
      .toEqualTypeOf<{ when: Date }>();
  });

  it("a plain JSON Schema: unknown, or the type given", () => {
    const schema = { type: "object", properties: { n: { type: "number" } } };
    expectTypeOf(xai.chat.completions.parse({ model: "m", messages }, { schema }))
      .resolves.toHaveProperty("parsed")
      .toBeUnknown();
    expectTypeOf(xai.chat.completions.parse<{ n: number }>({ model: "m", messages }, { schema }))
      .resolves.toHaveProperty("parsed")
      .toEqualTypeOf<{ n: number }>();
  });

  it("stream: true gives a stream of deep partials", () => {
    const stream = xai.chat.completions.parse({ model: "m", messages, stream: true }, { schema: Person });
    expectTypeOf(stream).resolves.toEqualTypeOf<
      PartialObjectStream<{ name: string; born: number }, Parsed<{ name: string; born: number }, S["ChatResponse"]>>
    >();
    expectTypeOf<DeepPartial<{ a: { b: string[] } }>>().toEqualTypeOf<{ a?: { b?: (string | undefined)[] } }>();
  });

  it("the body is the API's request, less what parse sets (compile-time only)", () => {
    const unused = () => {
      // @ts-expect-error parse sets response_format itself
      xai.chat.completions.parse({ model: "m", messages, response_format: { type: "text" } }, { schema: Person });
      // @ts-expect-error a deferred request has no answer to parse
      xai.chat.completions.parse({ model: "m", messages, deferred: true }, { schema: Person });
      // @ts-expect-error the schema is required
      xai.chat.completions.parse({ model: "m", messages }, { name: "x" });
    };
    expectTypeOf(unused).toBeFunction();
  });
});

describe("tools infer their argument type from the schema", () => {
  it("execute's arguments and the tool's type", () => {
    const weather = tool({
      name: "w",
      parameters: z.object({ city: z.string(), days: z.number().optional() }),
      execute: (args, context) => {
        expectTypeOf(args).toEqualTypeOf<{ city: string; days?: number | undefined }>();
        expectTypeOf(context.signal).toEqualTypeOf<AbortSignal>();
        return { ok: true };
      },
    });
    expectTypeOf(weather).toEqualTypeOf<Tool<{ city: string; days?: number | undefined }, { ok: boolean }>>();
    tool({
      name: "a",
      parameters: type({ n: "number" }),
      execute: (args) => expectTypeOf(args).toEqualTypeOf<{ n: number }>(),
    });
    tool<{ q: string }>({
      name: "j",
      parameters: { type: "object" },
      execute: (args) => expectTypeOf(args.q).toBeString(),
    });
  });

  it("runTools returns a typed run; tools mix runnable and server-side ones (compile-time only)", () => {
    const weather = tool({ name: "w", parameters: Person, execute: () => "" });
    const chat = xai.chat.completions.runTools({
      model: "m",
      messages,
      tools: [weather, { type: "live_search", sources: [] }],
    });
    expectTypeOf(chat).toEqualTypeOf<ToolRun<S["ChatResponse"], S["ChatResponseChunk"], S["Message"]>>();
    expectTypeOf(chat.final()).resolves.toEqualTypeOf<ChatToolRunResult>();
    const responses = xai.responses.runTools({
      model: "m",
      input: "x",
      tools: [weather, { type: "web_search" }, { type: "x_search" }],
    });
    expectTypeOf(responses.final()).resolves.toEqualTypeOf<ResponseToolRunResult>();
    const unused = () => {
      xai.chat.completions.runTools({
        model: "m",
        messages,
        // @ts-expect-error a function tool needs an execute: define it with tool()
        tools: [{ type: "function", function: { name: "f", parameters: {} } }],
      });
    };
    expectTypeOf(unused).toBeFunction();
  });

  it("events narrow on type (compile-time only)", () => {
    const unused = async () => {
      for await (const event of xai.responses.runTools({ model: "m", input: "x", tools: [] })) {
        if (event.type === "stream") expectTypeOf(event.event).toEqualTypeOf<S["ResponseStreamEvent"]>();
        if (event.type === "tool_result") expectTypeOf(event.result.content).toBeString();
      }
    };
    expectTypeOf(unused).toBeFunction();
  });
});

describe("output helpers", () => {
  it("citations: chat URLs or annotations", () => {
    expectTypeOf(citations(chatResponse({}))).toEqualTypeOf<string[]>();
    expectTypeOf(citations(modelResponse([]))).toEqualTypeOf<S["Annotation"][]>();
  });
});
