/** Chat completions: deferred requests and `stream: true`; the deferred-completion poll. */
import { sendJson } from "../http/errors.ts";
import { chatStreamEvents } from "../sse/chat.ts";
import { asObject, type Behaviour, notFound, stream } from "./context.ts";

export const chatCompletion: Behaviour = (ctx) => {
  const request = asObject(ctx.body);
  const completion = asObject(ctx.negotiated.body);
  if (request.deferred === true) {
    const requestId = ctx.state.ids.uuid();
    ctx.state.deferred.start(requestId, completion);
    sendJson(ctx.res, 200, { request_id: requestId });
    return true;
  }
  if (request.stream === true && Array.isArray(completion.choices)) {
    const includeUsage = asObject(request.stream_options).include_usage !== false;
    return stream(ctx, chatStreamEvents(completion as never, includeUsage));
  }
  return false;
};
export const deferredCompletion: Behaviour = (ctx) => {
  const poll = ctx.state.deferred.poll(ctx.params.request_id!);
  if (poll.state === "unknown") return notFound(ctx, "Deferred request", ctx.params.request_id);
  if (poll.state === "pending") {
    ctx.res.writeHead(202).end();
    return true;
  }
  sendJson(ctx.res, 200, poll.result);
  return true;
};
