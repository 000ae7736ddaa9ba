/**
 * Runs in headless Chromium (bundled by `../chromium.test.ts`): msw's `setupWorker` with `xai-toolkit/msw`'s
 * handlers, and the typed client calling https://api.x.ai — answered by the service worker from the fixtures, the
 * requests validated with Ajv in the page (Prism cannot run in a browser). Leaves its findings on `window.mswResult`.
 */
import { setupWorker } from "msw/browser";
import { defineFixtures, mockFaults, xaiHandlers } from "../../../mock/msw.ts";
import { createXai, tool, UnprocessableEntityError } from "../../../src/index.ts";

declare global {
  interface Window {
    mswResult?: { ok: boolean; checks: Record<string, unknown>; error?: string };
  }
}

const mock = xaiHandlers({
  models: [{ id: "grok-4-0709", kind: "language", aliases: ["grok-4"] }],
  fixtures: defineFixtures(
    {
      name: "call",
      match: { tool: "lookup", turn: 0 },
      respond: { toolCalls: [{ name: "lookup", arguments: { id: "A-17" } }] },
    },
    { name: "answer", match: { toolResult: true }, respond: { text: "Order A-17 ships today." } },
    { name: "hello", match: { content: "hello" }, respond: { text: "Hello from the service worker." } },
  ),
});

async function run(): Promise<Record<string, unknown>> {
  const worker = setupWorker(...mock.handlers);
  await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "error", quiet: true });
  const xai = createXai({ baseUrl: "https://api.x.ai", apiKey: "xai-browser-test", dangerouslyAllowBrowser: true });
  const messages = [{ role: "user" as const, content: "hello" }];
  const checks: Record<string, unknown> = {};

  const chat = await xai.chat.completions.create({ model: "grok-4", messages });
  checks.chat = chat.choices[0]?.message.content;

  const stream = await xai.chat.completions.create({ model: "grok-4", messages, stream: true });
  let chunks = 0;
  let text = "";
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta.content ?? "";
  }
  checks.stream = { chunks, text };

  const responses = await xai.responses.create({ model: "grok-4", input: "hello", stream: true });
  checks.responsesStream = await responses.finalText();

  const run = xai.responses.runTools({
    model: "grok-4",
    input: "Where is my order?",
    tools: [
      tool({
        name: "lookup",
        description: "Looks up an order",
        parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
        execute: () => ({ status: "packed" }),
      }),
    ],
  });
  checks.toolRun = await run.finalText().catch((error: Error) => `failed: ${error.message}`);

  const refused = await xai.chat.completions
    .create({ model: "grok-4", messages: [{ role: "bogus" as never, content: "x" }] })
    .catch((error: unknown) => error);
  checks.refused =
    refused instanceof UnprocessableEntityError ? `${refused.status} ${refused.message}` : String(refused);

  const flaky = createXai({
    baseUrl: "https://api.x.ai",
    apiKey: "k",
    dangerouslyAllowBrowser: true,
    defaultHeaders: mockFaults({ status: 503, times: 1 }),
    onRetry: ({ status }) => {
      checks.retried = status;
    },
  });
  checks.afterFault = (await flaky.chat.completions.create({ model: "grok-4", messages })).choices[0]?.message.content;

  checks.journal = mock.journal.entries().map((entry) => `${entry.status} ${entry.fixture ?? "-"}`);
  worker.stop();
  return checks;
}

run().then(
  (checks) => {
    window.mswResult = { ok: true, checks };
  },
  (error: Error) => {
    window.mswResult = { ok: false, checks: {}, error: `${error.name}: ${error.message}` };
  },
);
