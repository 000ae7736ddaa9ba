/** Shared by the scenario tests: a catalogue that does not depend on the spec's examples, and spec checks of answers. */
import type { ModelEntry } from "../../mock/index.ts";
import { readSse } from "../mock/helpers.ts";
import { validateResponseBody } from "../support/spec-validator.ts";

export const MODELS: ModelEntry[] = [
  { id: "grok-4-0709", kind: "language", aliases: ["grok-4"] },
  { id: "grok-3-mini", kind: "language" },
  { id: "grok-3", kind: "language" },
  { id: "grok-2-image-1212", kind: "image" },
  { id: "v1", kind: "embedding" },
];

export const PATHS = { chat: "/v1/chat/completions", responses: "/v1/responses", messages: "/v1/messages" } as const;
export type FamilyName = keyof typeof PATHS;

/** The smallest request of each family asking `question`, with extra fields. */
export function request(family: FamilyName, question: string, extra: Record<string, unknown> = {}) {
  if (family === "responses") return { model: "grok-4", input: question, ...extra };
  const messages = [{ role: "user", content: question }];
  return family === "messages"
    ? { model: "grok-4", max_tokens: 256, messages, ...extra }
    : { model: "grok-4", messages, ...extra };
}

/** A JSON answer, checked against the spec; throws on a non-200 or an invalid body. */
export async function jsonAnswer(family: FamilyName, response: Response): Promise<Record<string, any>> {
  const body = await response.json();
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  const check = validateResponseBody("post", PATHS[family], 200, "application/json", body);
  if (!check.valid) throw new Error(check.errors.join("\n"));
  return body;
}

/** A streamed answer's events as JSON, each checked against the spec. */
export async function streamedAnswer(family: FamilyName, response: Response): Promise<Record<string, any>[]> {
  if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
  const events = (await readSse(response)).filter((event) => event.data !== "[DONE]").map((e) => JSON.parse(e.data));
  for (const event of events) {
    const check = validateResponseBody("post", PATHS[family], 200, "text/event-stream", event);
    if (!check.valid) throw new Error(check.errors.join("\n"));
  }
  return events;
}
