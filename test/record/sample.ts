/** A directory of cassettes recorded from the fake upstream: models, a stream, one request twice, an error. */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSpec } from "../../mock/contract/spec.ts";
import { startRecorder } from "../../mock/record/recorder.ts";
import { FAKE_KEY, type FakeUpstream, startFakeUpstream } from "./fake-upstream.ts";

export const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  model: "grok-4",
  messages: [{ role: "user", content }],
  ...extra,
});

export function post(base: string, body: Record<string, unknown>, headers: Record<string, string>) {
  return fetch(`${base}/v1/chat/completions`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
}

/** Five cassettes: GET /v1/models, a streamed chat, the same chat twice (sequence 0 and 1), a 400. */
export async function recordSample(): Promise<{ dir: string; upstream: FakeUpstream }> {
  const upstream = await startFakeUpstream({ frameDelaysMs: [3, 1] });
  const dir = await mkdtemp(join(tmpdir(), "cassettes-"));
  const recorder = await startRecorder({ cassettes: dir, upstream: upstream.url, port: 0 });
  const auth = { authorization: `Bearer ${FAKE_KEY}` };
  try {
    await (await fetch(`${recorder.url}/v1/models`, { headers: auth })).text();
    await (await post(recorder.url, ask("stream these words please", { stream: true }), auth)).text();
    for (let i = 0; i < 2; i++) await (await post(recorder.url, ask("again and again"), auth)).text();
    await (await post(recorder.url, ask("wrong model", { model: "grok-0" }), auth)).text();
  } finally {
    await recorder.close();
  }
  return { dir, upstream };
}

/** The effective spec after an imagined update: chunks carry a numeric fingerprint, models match `grok-[1-9]…`. */
export function updatedSpecText(): string {
  const spec = structuredClone(loadSpec());
  spec.components.schemas.ChatResponseChunk.properties.system_fingerprint = { type: "integer" };
  spec.components.schemas.ChatRequest.properties.model.pattern = "^grok-[1-9]";
  return JSON.stringify(spec);
}
