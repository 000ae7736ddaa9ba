/**
 * Models api.x.ai was seen to serve, beside those the spec's examples name: reviewed data, each entry with the
 * captures that show it (`../shared/wire/observations.jsonl`, quoted by topic and source). The spec's examples alone
 * name only `latest`, `grok-420-reasoning`, `v1` and the grok-imagine models, while every SDK, tutorial and test
 * calls `grok-4`, `grok-3`, `grok-3-mini`…: a mock that knew only the examples would answer those with xAI's 404.
 *
 * Left out on purpose: `grok-2-1212` and `grok-2-vision-1212` ("The model grok-2-1212 was deprecated on
 * 2025-09-15 and is no longer accessible via the API", error/deprecated-model, 2026), `grok-beta` and
 * `grok-2-latest` (retired: error/unknown-model, 2026), and `grok-3-mini-high`, a name xAI *answers* with for
 * grok-3-mini at high reasoning effort but that no capture requests.
 */
import type { ModelEntry } from "./models.ts";

export interface ObservedModel extends ModelEntry {
  /** Where the model, its aliases and its `created` were seen. */
  evidence: string;
}

export const OBSERVED_MODELS: readonly ObservedModel[] = [
  {
    id: "grok-4-0709",
    kind: "language",
    aliases: ["grok-4", "grok-4-latest"],
    created: 1752019200,
    evidence:
      "GET /v1/models lists it with created 1752019200 (success/models-list, appmixer 2025-11-06); a chat request for " +
      "grok-4-latest is answered as model grok-4-0709 (success/chat-completion-shape, cheesuschris/Carbon0 2025-11-08)",
  },
  {
    id: "grok-4-1-fast-reasoning",
    kind: "language",
    evidence:
      "docs.x.ai's regions page names it in its 404 example (error/unknown-model, 2026); Open WebUI and crush send it " +
      "(error/unsupported-parameter, 2026-02/03)",
  },
  {
    id: "grok-4-fast-reasoning",
    kind: "language",
    created: 1756944000,
    evidence: "GET /v1/models (success/models-list, appmixer 2025-11-06)",
  },
  {
    id: "grok-4-fast-non-reasoning",
    kind: "language",
    created: 1756944000,
    evidence: "GET /v1/models, created 1756944000 (success/models-list, appmixer 2025-11-06)",
  },
  {
    id: "grok-code-fast-1",
    kind: "language",
    created: 1755993600,
    evidence:
      "GET /v1/models, created 1755993600 (success/models-list, 2025-11-06); a recorded Responses stream " +
      "(vercel/ai fixture xai-text-with-reasoning-streaming, 2025-11-22)",
  },
  {
    id: "grok-3",
    kind: "language",
    aliases: ["grok-3-latest", "grok-3-beta"],
    created: 1743724800,
    evidence:
      "grok-3-latest answered as grok-3 (success/chat-completion-shape, open-llm-router 2025-08-07; stream/chat-sse-format, " +
      "appmixer 2025-11-06); created and the -beta alias from GET /v1/language-models in the spec vendored before " +
      "2026-12 (api-evangelist/xai @ 4710b05)",
  },
  {
    id: "grok-3-mini",
    kind: "language",
    aliases: ["grok-3-mini-latest", "grok-3-mini-beta"],
    created: 1743724800,
    evidence:
      "grok-3-mini-latest answered as grok-3-mini with reasoning_content (success/reasoning-content, appmixer " +
      "2025-11-06); grok-3-mini-beta sent by uni-api (error/unsupported-parameter, 2025-04-24); created from the " +
      "previously vendored spec's GET /v1/language-models",
  },
  {
    id: "grok-2-image-1212",
    kind: "image",
    aliases: ["grok-2-image", "grok-2-image-latest"],
    created: 1736726400,
    evidence:
      "GET /v1/models, created 1736726400 (success/models-list, 2025-11-06); on chat completions it gets the 400 " +
      '"…is an image model and is therefore not available on this endpoint" (error/wrong-endpoint-for-model, n8n ' +
      "2025-07-11). A 2026-03 probe found the alias grok-2-image gone (images/response-shape): drop it with a --models " +
      "file to mimic that",
  },
  {
    id: "grok-imagine-image",
    kind: "image",
    evidence: "POST /v1/images/generations with it (images/response-shape, 2026-03-04)",
  },
  {
    id: "grok-imagine-video",
    kind: "video",
    evidence: "GET /v1/videos/{request_id} answers model grok-imagine-video (video/polling, 2026)",
  },
];
