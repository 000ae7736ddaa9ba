/**
 * Image generations and edits: `n` images (default 1), each a JPEG the mock serves itself at
 * `/__mock/media/xai-tmp-imgen-<uuid>.jpeg` (`response_format: "url"`, the default) or the same bytes in base64
 * (`"b64_json"`); `mime_type` and an empty `revised_prompt` as captured. With `deferred: true` the answer is a
 * `request_id`, and GET /v1/images/{request_id} answers 202 while the job is pending, then its images.
 */
import { sendError, sendJson } from "../http/errors.ts";
import { mediaBytes, mediaUrl } from "../media/serve.ts";
import { asObject, type Behaviour, baseUrlOf, notFound, requestedModel } from "./context.ts";

/** What one generated image costs, in USD ticks (captured: 200000000 for one grok-imagine-image). */
const TICKS_PER_IMAGE = 200_000_000;

export const generateImages: Behaviour = (ctx) => {
  if (!requestedModel(ctx, "image")) return true;
  const request = asObject(ctx.body);
  const n = typeof request.n === "number" && request.n > 0 ? request.n : 1;
  if (request.deferred === true && request.response_format === "b64_json") {
    const message = 'A deferred image request supports only response_format "url".';
    sendError(ctx.res, 400, message, { details: [{ location: ["body", "response_format"], message }] });
    return true;
  }
  const data = Array.from({ length: n }, () => {
    const name = `xai-tmp-imgen-${ctx.state.ids.uuid()}.jpeg`;
    const { bytes, contentType } = mediaBytes(name)!;
    return request.response_format === "b64_json"
      ? { b64_json: bytes.toString("base64"), mime_type: contentType, revised_prompt: "" }
      : { url: mediaUrl(baseUrlOf(ctx), name), mime_type: contentType, revised_prompt: "" };
  });
  const result = { data, usage: { cost_in_usd_ticks: TICKS_PER_IMAGE * n } };
  if (request.deferred !== true) {
    sendJson(ctx.res, 200, result);
    return true;
  }
  const requestId = ctx.state.ids.uuid();
  ctx.state.images.start(requestId, request.prompt, result);
  sendJson(ctx.res, 200, { request_id: requestId });
  return true;
};

export const pollImages: Behaviour = (ctx) => {
  const requestId = ctx.params.request_id!;
  const poll = ctx.state.images.poll(requestId);
  if (poll.state === "unknown") return notFound(ctx, "Image request", requestId);
  if (poll.state === "pending") ctx.res.writeHead(202).end();
  else if (poll.state === "failed")
    sendJson(ctx.res, 200, { request_id: requestId, status: "failed", error: poll.error });
  else sendJson(ctx.res, 200, { request_id: requestId, status: "done", ...poll.result });
  return true;
};
