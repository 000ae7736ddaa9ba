import { describe, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/openapi.ts";
import { type APIPromise, createXai } from "../../src/index.ts";

type S = components["schemas"];
const xai = createXai({ apiKey: "test-key", fetch: async () => Response.json({}) });

describe("method types come from the generated spec", () => {
  it("results", () => {
    expectTypeOf(xai.models.list()).toEqualTypeOf<APIPromise<S["ListModelsResponse"]>>();
    expectTypeOf(xai.models.retrieve("m")).resolves.toEqualTypeOf<S["Model"]>();
    expectTypeOf(xai.languageModels.retrieve("m")).resolves.toEqualTypeOf<S["LanguageModel"]>();
    expectTypeOf(xai.embeddings.create({ model: "m", input: "x" })).resolves.toEqualTypeOf<S["EmbeddingResponse"]>();
    expectTypeOf(xai.chat.deferred.retrieve("r")).resolves.toEqualTypeOf<S["ChatResponse"] | undefined>();
    expectTypeOf(xai.files.retrieve("f")).resolves.toEqualTypeOf<S["File"]>();
  });

  it("chat completions narrow on `deferred`", () => {
    const messages = [{ role: "user" as const, content: "hi" }];
    expectTypeOf(xai.chat.completions.create({ model: "m", messages })).resolves.toEqualTypeOf<S["ChatResponse"]>();
    expectTypeOf(xai.chat.completions.create({ model: "m", messages, deferred: true })).resolves.toEqualTypeOf<
      S["StartDeferredChatResponse"]
    >();
  });

  it("withResponse adds the Response and request id", () => {
    expectTypeOf(xai.models.list().withResponse()).resolves.toEqualTypeOf<{
      data: S["ListModelsResponse"];
      response: Response;
      requestId: string | undefined;
    }>();
  });

  it("bodies and arguments are checked against the spec (compile-time only, never called)", () => {
    const unused = () => {
      // @ts-expect-error temperature is a number
      xai.chat.completions.create({ model: "m", temperature: "hot" });
      // @ts-expect-error path ids are strings
      xai.models.retrieve(42);
      // @ts-expect-error unknown per-call option
      xai.models.list({ retries: 1 });
    };
    expectTypeOf(unused).toBeFunction();
  });
});
