/**
 * Image generations and edits: `n` images (default 1), each a JPEG the mock serves itself at
 * `/__mock/media/xai-tmp-imgen-<uuid>.jpeg` (`response_format: "url"`, the default) or the same bytes in base64
 * (`"b64_json"`); `mime_type` and an empty `revised_prompt` as captured.
 */
import { sendJson } from "../http/errors.ts";
import { mediaBytes, mediaUrl } from "../media/serve.ts";
import { asObject, type Behaviour, baseUrlOf, requestedModel } from "./context.ts";

/** What one generated image costs, in USD ticks (captured: 200000000 for one grok-imagine-image). */
const TICKS_PER_IMAGE = 200_000_000;

export const generateImages: Behaviour = (ctx) => {
  if (!requestedModel(ctx, "image")) return true;
  const request = asObject(ctx.body);
  const n = typeof request.n === "number" && request.n > 0 ? request.n : 1;
  const data = Array.from({ length: n }, () => {
    const name = `xai-tmp-imgen-${ctx.state.ids.uuid()}.jpeg`;
    const { bytes, contentType } = mediaBytes(name)!;
    return request.response_format === "b64_json"
      ? { b64_json: bytes.toString("base64"), mime_type: contentType, revised_prompt: "" }
      : { url: mediaUrl(baseUrlOf(ctx), name), mime_type: contentType, revised_prompt: "" };
  });
  sendJson(ctx.res, 200, { data, usage: { cost_in_usd_ticks: TICKS_PER_IMAGE * n } });
  return true;
};
