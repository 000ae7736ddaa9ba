/** The startup banner: where the mock is, how to point a client at it, what it adds to the spec. */
import { VIDEO_FAILURE_TRIGGER } from "./stores/videos.ts";

export interface BannerSettings {
  url: string;
  streamDelayMs: number;
  deferredPolls: number;
  videoPolls: number;
  seed: string;
  errorDialect: string;
}

export function banner(s: BannerSettings): string {
  return `
xAI mock server — offline; every request validated by Prism against generated/xai-openapi.effective.json

  Base URL   ${s.url}
  Clients    this toolkit:  XAI_BASE_URL=${s.url}   (no API key needed on loopback)
             OpenAI SDK:    new OpenAI({ baseURL: "${s.url}/v1", apiKey: "any" })
             curl:          curl -H "Authorization: Bearer any" ${s.url}/v1/models
  Auth       any bearer token works; missing or malformed → 401

  Errors     xAI's flat {"code","error"} (code dialect: ${s.errorDialect}); every violation in x-mock-violations
  Models     GET /v1/models lists the catalogue; any other model → 404 (aliases: <id>-latest, undated ids)
  Media      image and video URLs point at ${s.url}/__mock/media/… (real JPEG/PNG/MP4 bytes, no key)

  Behaviours on top of the spec (seed "${s.seed}"); answers follow the request (n, tools, json_schema, usage)
    stream: true   SSE — chat: data: {chunk} … data: [DONE]; responses: response.created … response.completed;
                   messages: message_start … message_stop (${s.streamDelayMs} ms between events)
    deferred: true → {request_id}; GET /v1/chat/deferred-completion/{id}: 202 × ${s.deferredPolls}, then 200 once, then 404
    videos         → {request_id}; GET /v1/videos/{id}: pending × ${s.videoPolls} (rising progress), then done;
                   a prompt containing "${VIDEO_FAILURE_TRIGGER}" ends failed with a VideoError
    files          in memory: exact bytes, list pagination (limit/order/sort_by/pagination_token), > 50 MB → 413
    responses      store (default) → GET/DELETE /v1/responses/{id}
    Prefer         code=…, example=…, dynamic=true → Prism's negotiator

  Fault headers (per request)
    x-mock-status: 503 [+ x-mock-retry-after: 2]   x-mock-reset: true   x-mock-disconnect-after: 3 (streams)
    x-mock-latency-ms: 250   x-mock-fault-times: 2 [+ x-mock-fault-key: k] (fail first N, then answer)

  Ctrl-C to stop.
`;
}
