/**
 * Video jobs: generations, edits and extensions answer a request id; the poll advances the job. A finished video's
 * URL points at an MP4 the mock serves itself (`/__mock/media/xai-video-<request id>.mp4`).
 */
import { sendJson } from "../http/errors.ts";
import { mediaUrl } from "../media/serve.ts";
import { asObject, type Behaviour, baseUrlOf, notFound, requestedModel } from "./context.ts";

export const startVideo: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "video");
  if (!model) return true;
  const requestId = ctx.state.ids.uuid();
  ctx.state.videos.start(requestId, { ...asObject(ctx.body), model: model.id });
  sendJson(ctx.res, 200, { request_id: requestId });
  return true;
};
export const pollVideo: Behaviour = (ctx) => {
  const poll = ctx.state.videos.poll(ctx.params.request_id!);
  if (poll.state === "unknown") return notFound(ctx, "Video request", ctx.params.request_id);
  const { video } = poll.body;
  const url = mediaUrl(baseUrlOf(ctx), `xai-video-${ctx.params.request_id}.mp4`);
  sendJson(ctx.res, 200, video ? { ...poll.body, video: { ...video, url } } : poll.body);
  return true;
};
