/** Chat completions (`families.ts`: fixture or rule, deferred, streamed) and the deferred-completion poll. */
import { sendJson } from "../http/errors.ts";
import { type Behaviour, notFound, sendFamilyResult } from "./context.ts";
import { answerFamily } from "./families.ts";

export const chatCompletion: Behaviour = (ctx) =>
  sendFamilyResult(ctx, answerFamily("chat", ctx.body, ctx.state, ctx.scripted));

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
