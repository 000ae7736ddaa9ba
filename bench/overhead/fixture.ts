/** What the overhead bench's contenders share with the main thread: their names and the canned `models.list()` answer. */
export const CONTENDERS = ["xai-toolkit", "openapi-fetch", "openai-node", "raw fetch"] as const;
export type Contender = (typeof CONTENDERS)[number];

export const RESPONSE_BODY = JSON.stringify({
  object: "list",
  data: ["grok-4", "grok-4-fast-reasoning", "grok-3", "grok-3-mini", "grok-2-image", "grok-code-fast-1"].map((id) => ({
    id,
    object: "model",
    created: 1_700_000_000,
    owned_by: "xai",
  })),
});
export const RESPONSE_HEADERS = { "content-type": "application/json", "x-request-id": "bench" };
