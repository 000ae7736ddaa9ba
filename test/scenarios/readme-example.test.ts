// weather.test.ts — an app's function that lets Grok call a tool, tested against the mock with vitest.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as z from "zod";
import { defineFixtures, type MockServer, mockFaults, startMockServer } from "../../mock/index.ts";
import { createXai, RateLimitError, tool, type Xai } from "../../src/index.ts";

// The code under test: Grok calls the app's weather tool, then answers from its result.
const getWeather = tool({
  name: "get_weather",
  description: "Current temperature in a city",
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, celsius: 21 }),
});

async function forecast(xai: Xai, city: string): Promise<string> {
  const run = xai.chat.completions.runTools({
    model: "grok-4",
    messages: [{ role: "user", content: `What's the weather in ${city}?` }],
    tools: [getWeather],
  });
  return run.finalText();
}

// The scenario, checked against the xAI spec when the mock starts: first a tool call, then the final answer.
const fixtures = defineFixtures(
  {
    name: "ask for the weather",
    match: { tool: "get_weather", turn: 0 },
    respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
  },
  {
    name: "answer from the tool's result",
    match: { toolResult: true },
    respond: { text: "It is 21 °C in Paris.", stream: { chunkSize: 4 } },
  },
);

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, fixtures, strict: true });
});
afterAll(() => mock.close());

/** A client whose requests land in their own session: tests running in parallel never share state or journal. */
function clientFor(test: string) {
  const session = mock.session(test);
  const xai = createXai({ baseUrl: mock.url, defaultHeaders: session.headers, maxRetries: 1 });
  return { xai, session };
}

it("answers from the tool's result, after calling the tool once", async () => {
  const { xai, session } = clientFor("tool-round");
  expect(await forecast(xai, "Paris")).toBe("It is 21 °C in Paris.");
  session.journal.expectCalled({ operation: "chat.completions.create", tool: "get_weather", times: 2 });
  expect(session.journal.entries().map((entry) => entry.fixture)).toEqual([
    "ask for the weather",
    "answer from the tool's result",
  ]);
});

it("rides out one 429; a lasting one surfaces as RateLimitError", async () => {
  const { session } = clientFor("rate-limited");
  const withFaults = (faults: Record<string, string>) =>
    createXai({ baseUrl: mock.url, defaultHeaders: { ...session.headers, ...faults }, maxRetries: 1 });
  const once = withFaults(mockFaults({ status: 429, times: 1, retryAfter: 0 }));
  expect(await forecast(once, "Paris")).toBe("It is 21 °C in Paris.");
  const always = withFaults(mockFaults({ status: 429, retryAfter: 0 }));
  await expect(forecast(always, "Paris")).rejects.toBeInstanceOf(RateLimitError);
  expect(session.journal.entries({ status: 429 })).toHaveLength(3); // one, then an attempt and its retry
});

it("scripts one test's answer without touching the others", async () => {
  const { xai, session } = clientFor("storm");
  session.fixtures.add({ match: { toolResult: true }, respond: { text: "Storm warning for Paris." } });
  expect(await forecast(xai, "Paris")).toBe("Storm warning for Paris.");
});
