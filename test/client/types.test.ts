import { describe, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/openapi.ts";
import {
  type APIPromise,
  type ChatCompletionStream,
  type CursorList,
  createXai,
  type MessageStream,
  type ResponseStream,
} from "../../src/index.ts";

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

  it("`stream` as a boolean variable is accepted and gives the union, in every streaming family", () => {
    // Checked as return types only: a call made here would meet a JSON answer where a stream is due.
    const stream = Math.random() > 0.5;
    const messages = [{ role: "user" as const, content: "hi" }];
    expectTypeOf(() => xai.chat.completions.create({ model: "m", messages, stream })).returns.resolves.toEqualTypeOf<
      S["ChatResponse"] | ChatCompletionStream
    >();
    expectTypeOf(() => xai.responses.create({ model: "m", input: "hi", stream })).returns.resolves.toEqualTypeOf<
      S["ModelResponse"] | ResponseStream
    >();
    expectTypeOf(() =>
      xai.messages.create({ model: "m", max_tokens: 8, messages, stream }),
    ).returns.resolves.toEqualTypeOf<S["MessageResponse"] | MessageStream>();
  });

  it("images narrow on `deferred`; the new operations are typed from the spec", () => {
    expectTypeOf(xai.images.generate({ prompt: "p" })).resolves.toEqualTypeOf<S["GeneratedImageResponse"]>();
    expectTypeOf(xai.images.generate({ prompt: "p", deferred: true })).resolves.toEqualTypeOf<
      S["StartDeferredResponse"]
    >();
    expectTypeOf(xai.images.retrieve("r")).resolves.toEqualTypeOf<S["GetDeferredImageResponse"] | undefined>();
    expectTypeOf(xai.me.retrieve()).resolves.toEqualTypeOf<S["GetMeResponse"]>();
    expectTypeOf(xai.responses.compact({ model: "m", input: "hi" })).resolves.toEqualTypeOf<S["CompactResponse"]>();
    expectTypeOf(xai.files.publicUrl.create("f")).resolves.toEqualTypeOf<S["CreatePublicUrlResponse"]>();
    expectTypeOf(xai.files.publicUrl.revoke("f")).resolves.toEqualTypeOf<S["RevokePublicUrlResponse"]>();
    expectTypeOf(xai.skills.retrieve("s")).resolves.toEqualTypeOf<S["Skill"]>();
    expectTypeOf(xai.skills.list()).toEqualTypeOf<CursorList<S["Skill"], S["SkillList"]>>();
    expectTypeOf(xai.responses.inputItems.list("r")).toEqualTypeOf<
      CursorList<S["InputItemEntry"], S["ListInputItemsResponse"]>
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
      // @ts-expect-error a required body
      xai.responses.compact();
      // @ts-expect-error an unknown query parameter
      xai.responses.inputItems.list("r", { cursor: "x" });
    };
    expectTypeOf(unused).toBeFunction();
  });
});
