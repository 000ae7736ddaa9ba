import { describe, expect, it } from "vitest";
import * as z from "zod";
import type { Schema } from "../../src/index.ts";
import {
  APIUserAbortError,
  BadRequestError,
  type ChatToolRunEvent,
  MaxRoundsError,
  serverToolCalls,
  type ToolCallError,
  tool,
  XaiError,
} from "../../src/index.ts";
import { client, json } from "../client/helpers.ts";
import {
  chatResponse,
  chatStream,
  chatToolCall,
  deferred,
  functionCallItem,
  modelResponse,
  outputMessage,
  rejection,
  responseStream,
} from "./fixtures.ts";

const messages = [{ role: "user" as const, content: "Weather in Paris and Rome?" }];

const weather = tool({
  name: "get_weather",
  description: "Current temperature in a city",
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, celsius: city.length }),
});

const sentBodies = (calls: { body: unknown }[]) => calls.map((call) => JSON.parse(call.body as string));

describe("chat.completions.runTools", () => {
  it("runs parallel calls concurrently, sends results back in call order, and stops at the answer", async () => {
    const log: string[] = [];
    const gate = deferred();
    const slow = tool({
      name: "slow",
      parameters: { type: "object", properties: {} },
      execute: async () => {
        log.push("slow:start");
        await gate.promise; // opened by `fast`: a sequential runner would never get there
        log.push("slow:end");
        return "slow done";
      },
    });
    const fast = tool({
      name: "fast",
      parameters: { type: "object", properties: {} },
      execute: () => {
        log.push("fast:start");
        gate.resolve();
        return { fast: true };
      },
    });
    const { xai, calls } = client((_, index) =>
      json(
        index === 0
          ? chatResponse(
              { content: "", tool_calls: [chatToolCall("c1", "slow", {}), chatToolCall("c2", "fast", {})] },
              "tool_calls",
            )
          : chatResponse({ content: "Both done." }),
      ),
    );
    const run = xai.chat.completions.runTools({ model: "grok-4", messages, tools: [slow, fast] });
    const events: ChatToolRunEvent[] = [];
    for await (const event of run) events.push(event);
    expect(log).toEqual(["slow:start", "fast:start", "slow:end"]);
    expect(events.map((e) => (e.type === "tool_result" ? `result:${e.result.call.name}` : e.type))).toEqual([
      "response",
      "tool_call",
      "tool_call",
      "result:fast",
      "result:slow",
      "response",
    ]);
    const [first, second] = sentBodies(calls);
    expect(first.tools).toEqual([
      { type: "function", function: { name: "slow", parameters: { type: "object", properties: {} } } },
      { type: "function", function: { name: "fast", parameters: { type: "object", properties: {} } } },
    ]);
    expect(second.messages).toEqual([
      ...messages,
      {
        role: "assistant",
        content: "",
        tool_calls: [chatToolCall("c1", "slow", {}), chatToolCall("c2", "fast", {})],
      },
      { role: "tool", tool_call_id: "c1", content: "slow done" },
      { role: "tool", tool_call_id: "c2", content: '{"fast":true}' },
    ]);
    const result = await run.final();
    expect(result.rounds).toHaveLength(2);
    expect(result.rounds[0]!.toolResults.map((r) => r.output)).toEqual(["slow done", { fast: true }]);
    expect(result.transcript.at(-1)).toEqual({ role: "assistant", content: "Both done." });
    expect(await run.finalText()).toBe("Both done.");
  });

  it("an unknown tool, arguments that are not JSON or fail the schema, and a throw become error results the model sees", async () => {
    const failing = tool({
      name: "failing",
      parameters: { type: "object" },
      execute: () => {
        throw new Error("database is down");
      },
    });
    const { xai, calls } = client((_, index) =>
      json(
        index === 0
          ? chatResponse(
              {
                tool_calls: [
                  chatToolCall("u", "get_wether", { city: "Paris" }),
                  chatToolCall("j", "get_weather", '{"city": '),
                  chatToolCall("s", "get_weather", { city: 42 }),
                  chatToolCall("t", "failing", {}),
                ],
              },
              "tool_calls",
            )
          : chatResponse({ content: "Sorry." }),
      ),
    );
    const result = await xai.chat.completions
      .runTools({ model: "grok-4", messages, tools: [weather, failing] })
      .final();
    const errors = result.rounds[0]!.toolResults.map((r) => r.error as ToolCallError);
    expect(errors.map((e) => [e.reason, e.toolName, e.callId])).toEqual([
      ["unknown_tool", "get_wether", "u"],
      ["invalid_arguments", "get_weather", "j"],
      ["invalid_arguments", "get_weather", "s"],
      ["execution_failed", "failing", "t"],
    ]);
    expect(errors[2]!.issues?.[0]?.path).toEqual(["city"]);
    expect((errors[3]!.cause as Error).message).toBe("database is down");
    const toolMessages = sentBodies(calls)[1].messages.filter((m: { role: string }) => m.role === "tool");
    expect(toolMessages.map((m: { content: string }) => JSON.parse(m.content).error)).toEqual([
      'There is no tool "get_wether"; the tools are: get_weather, failing',
      expect.stringMatching(/^The arguments for "get_weather" are not JSON: /),
      expect.stringMatching(/^The arguments for "get_weather" do not match its schema: city: /),
      '"failing" failed: database is down',
    ]);
    expect(result.response.choices[0]?.message.content).toBe("Sorry.");
  });

  it("stops after maxRounds with MaxRoundsError carrying a transcript that can be continued", async () => {
    const { xai, calls } = client((_, index) =>
      json(chatResponse({ tool_calls: [chatToolCall(`c${index}`, "get_weather", { city: "Oslo" })] }, "tool_calls")),
    );
    const error = await rejection(
      xai.chat.completions.runTools({ model: "grok-4", messages, tools: [weather] }, { maxRounds: 3 }).final(),
      MaxRoundsError,
    );
    expect(error.maxRounds).toBe(3);
    expect(calls).toHaveLength(3);
    expect(error.result.rounds).toHaveLength(3);
    // A chat run's transcript is chat messages.
    const transcript = error.result.transcript as Schema<"Message">[];
    expect(transcript.map((message) => message.role)).toEqual([
      "user",
      ...["assistant", "tool", "assistant", "tool", "assistant", "tool"],
    ]);
    expect(transcript.at(-1)).toEqual({
      role: "tool",
      tool_call_id: "c2",
      content: '{"city":"Oslo","celsius":4}',
    });
  });

  it("aborting while a tool never settles rejects with APIUserAbortError and aborts the tool's signal", async () => {
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const stuck = tool({
      name: "stuck",
      parameters: { type: "object" },
      execute: (_args, { signal }) => {
        toolSignal = signal;
        controller.abort("user gave up");
        return new Promise<never>(() => {}); // ignores its signal and never settles
      },
    });
    const { xai } = client(() => json(chatResponse({ tool_calls: [chatToolCall("c1", "stuck", {})] }, "tool_calls")));
    const error = await rejection(
      xai.chat.completions
        .runTools({ model: "grok-4", messages, tools: [stuck] }, { signal: controller.signal })
        .final(),
      APIUserAbortError,
    );
    expect(error.reason).toBe("user gave up");
    expect(toolSignal?.aborted).toBe(true);
  });

  it("aborting while the request is in flight rejects with APIUserAbortError", async () => {
    const controller = new AbortController();
    const { xai } = client(
      (request) =>
        new Promise<Response>((_, reject) => {
          controller.abort("stop");
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        }),
    );
    const run = xai.chat.completions.runTools(
      { model: "grok-4", messages, tools: [weather] },
      { signal: controller.signal },
    );
    await expect(run.final()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("leaving the loop early aborts the tools still running; final() then rejects", async () => {
    let toolSignal: AbortSignal | undefined;
    const pending = tool({
      name: "pending",
      parameters: { type: "object" },
      execute: (_args, { signal }) => {
        toolSignal = signal;
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      },
    });
    const { xai } = client(() =>
      json(
        chatResponse(
          { tool_calls: [chatToolCall("a", "get_weather", { city: "Rome" }), chatToolCall("b", "pending", {})] },
          "tool_calls",
        ),
      ),
    );
    const run = xai.chat.completions.runTools({ model: "grok-4", messages, tools: [weather, pending] });
    for await (const event of run) if (event.type === "tool_result") break;
    expect(toolSignal?.aborted).toBe(true);
    await expect(run.final()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("the per-call options apply to every round's request", async () => {
    const { xai, calls } = client((_, index) =>
      json(
        index === 0
          ? chatResponse({ tool_calls: [chatToolCall("a", "get_weather", { city: "Rome" })] }, "tool_calls")
          : chatResponse({ content: "Warm." }),
      ),
    );
    await xai.chat.completions
      .runTools({ model: "grok-4", messages, tools: [weather] }, { headers: { "x-trace": "t-1" } })
      .final();
    expect(calls.map((call) => call.headers.get("x-trace"))).toEqual(["t-1", "t-1"]);
  });

  it("an API error in a later round rejects with its typed error", async () => {
    const { xai } = client((_, index) =>
      index === 0
        ? json(chatResponse({ tool_calls: [chatToolCall("a", "get_weather", { city: "Rome" })] }, "tool_calls"))
        : json({ code: "Client specified an invalid argument", error: "bad tool message" }, 400),
    );
    const run = xai.chat.completions.runTools({ model: "grok-4", messages, tools: [weather] }, { maxRetries: 0 });
    await expect(run.final()).rejects.toBeInstanceOf(BadRequestError);
  });

  it("stream: true streams each round and runs the calls of the accumulated answer", async () => {
    const { xai, calls } = client((_, index) =>
      index === 0
        ? chatStream([], [chatToolCall("c1", "get_weather", { city: "Rome" })])
        : chatStream(["It is ", "warm."]),
    );
    const run = xai.chat.completions.runTools({ model: "grok-4", messages, tools: [weather], stream: true });
    const types: string[] = [];
    for await (const event of run) types.push(event.type);
    expect(types.filter((t) => t !== "stream")).toEqual(["response", "tool_call", "tool_result", "response"]);
    expect(types.filter((t) => t === "stream").length).toBeGreaterThan(4);
    expect(sentBodies(calls).every((body) => body.stream === true)).toBe(true);
    expect(await run.finalText()).toBe("It is warm.");
  });

  it("tools xAI runs itself pass through, and their calls are visible but not run", async () => {
    const liveSearch = { type: "live_search" as const, sources: [{ type: "web" as const }] };
    const serverCall = {
      id: "ws1",
      type: "web_search_call" as const,
      function: { name: "web_search", arguments: "{}" },
    };
    const { xai, calls } = client(() => json(chatResponse({ content: "Sunny.", tool_calls: [serverCall] })));
    const result = await xai.chat.completions
      .runTools({ model: "grok-4", messages, tools: [weather, liveSearch] })
      .final();
    expect(sentBodies(calls)[0].tools[1]).toEqual(liveSearch);
    expect(calls).toHaveLength(1);
    expect(serverToolCalls(result.response)).toEqual([serverCall]);
    expect(result.transcript.at(-1)).toEqual({ role: "assistant", content: "Sunny." });
  });

  it("a run is iterable once; bad options fail when it is consumed, never unhandled", async () => {
    const { xai } = client(() => json(chatResponse({ content: "Hi" })));
    const run = xai.chat.completions.runTools({ model: "grok-4", messages, tools: [weather] });
    await run.final();
    await expect(run.final()).resolves.toMatchObject({ rounds: [{}] });
    await expect(run[Symbol.asyncIterator]().next()).rejects.toThrow(/already been iterated/);
    const twice = xai.chat.completions.runTools({ model: "grok-4", messages, tools: [weather, weather] });
    await expect(twice.final()).rejects.toThrow(new XaiError('runTools: two tools are named "get_weather"'));
    const zero = xai.chat.completions.runTools({ model: "grok-4", messages, tools: [weather] }, { maxRounds: 0 });
    await expect(zero.final()).rejects.toThrow(/maxRounds must be a positive integer, got 0/);
    // Never consumed: nothing is sent and nothing rejects unhandled.
    xai.chat.completions.runTools({ model: "grok-4", messages, tools: [weather, weather] });
  });
});

describe("responses.runTools", () => {
  const input = "Weather in Rome?";

  it("continues by previous_response_id with function_call_output items, without instructions", async () => {
    const { xai, calls } = client((_, index) =>
      json(
        index === 0
          ? modelResponse([functionCallItem("c1", "get_weather", { city: "Rome" })], { id: "resp-a" })
          : modelResponse([outputMessage("Warm.")], { id: "resp-b" }),
      ),
    );
    const result = await xai.responses
      .runTools({ model: "grok-4", input, instructions: "Be brief.", tools: [weather, { type: "web_search" }] })
      .final();
    const [first, second] = sentBodies(calls);
    expect(first).toMatchObject({ input, instructions: "Be brief." });
    expect(first.tools).toEqual([
      {
        type: "function",
        name: "get_weather",
        description: "Current temperature in a city",
        parameters: {
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
          additionalProperties: false,
        },
      },
      { type: "web_search" },
    ]);
    expect(second.previous_response_id).toBe("resp-a");
    expect(second.instructions).toBeUndefined();
    expect(second.input).toEqual([
      { type: "function_call_output", call_id: "c1", output: '{"city":"Rome","celsius":4}' },
    ]);
    expect(result.transcript).toEqual([
      { role: "user", content: input },
      functionCallItem("c1", "get_weather", { city: "Rome" }),
      { type: "function_call_output", call_id: "c1", output: '{"city":"Rome","celsius":4}' },
      outputMessage("Warm."),
    ]);
  });

  it("store: false re-sends the whole conversation each round", async () => {
    const { xai, calls } = client((_, index) =>
      json(
        index === 0
          ? modelResponse([functionCallItem("c1", "get_weather", { city: "Rome" })], { store: false })
          : modelResponse([outputMessage("Warm.")], { store: false }),
      ),
    );
    await xai.responses.runTools({ model: "grok-4", input, store: false, tools: [weather] }).final();
    const second = sentBodies(calls)[1];
    expect(second.previous_response_id).toBeUndefined();
    expect(second.input).toEqual([
      { role: "user", content: input },
      functionCallItem("c1", "get_weather", { city: "Rome" }),
      { type: "function_call_output", call_id: "c1", output: '{"city":"Rome","celsius":4}' },
    ]);
  });

  it("stream: true streams each round; server-side tool items are visible and not run", async () => {
    const search = {
      type: "web_search_call" as const,
      id: "ws1",
      status: "completed",
      action: { type: "search" as const, query: "rome" },
    };
    const { xai } = client((_, index) =>
      index === 0
        ? responseStream(modelResponse([search, functionCallItem("c1", "get_weather", { city: "Rome" })]))
        : responseStream(modelResponse([outputMessage("Warm.")]), ["Wa", "rm."]),
    );
    const run = xai.responses.runTools({ model: "grok-4", input, tools: [weather], stream: true });
    const seen: string[] = [];
    for await (const event of run) if (event.type !== "stream") seen.push(event.type);
    expect(seen).toEqual(["response", "tool_call", "tool_result", "response"]);
    const { rounds } = await run.final();
    expect(serverToolCalls(rounds[0]!.response)).toEqual([search]);
    expect(await run.finalText()).toBe("Warm.");
  });
});
