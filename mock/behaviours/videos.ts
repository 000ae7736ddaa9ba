/** Video jobs: generations, edits and extensions answer a request id; the poll advances the job. */
import { sendJson } from "../http/errors.ts";
import { asObject, type Behaviour, notFound } from "./context.ts";

export const startVideo: Behaviour = (ctx) => {
  const requestId = ctx.state.ids.uuid();
  ctx.state.videos.start(requestId, asObject(ctx.body));
  sendJson(ctx.res, 200, { request_id: requestId });
  return true;
};
export const pollVideo: Behaviour = (ctx) => {
  const poll = ctx.state.videos.poll(ctx.params.request_id!);
  if (poll.state === "unknown") return notFound(ctx, "Video request", ctx.params.request_id);
  sendJson(ctx.res, 200, poll.body);
  return true;
};
