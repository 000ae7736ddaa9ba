/**
 * Chat completions: the answer (a matched fixture's, else the rule's) rendered by `../render/chat.ts`, deferred
 * requests and `stream: true`; the deferred-completion poll.
 */
import { sendJson } from "../http/errors.ts";
import { renderChatCompletion } from "../render/chat.ts";
import { streamEvents } from "../render/index.ts";
import { answerFor, type Behaviour, notFound, requestedModel, stream } from "./context.ts";
import { readConversation } from "./conversation.ts";

export const chatCompletion: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const conversation = readConversation("chat", ctx.body);
  const completion = renderChatCompletion(answerFor(ctx, conversation, model), conversation, model, ctx.state.ids);
  if ((ctx.body as { deferred?: unknown }).deferred === true) {
    const requestId = ctx.state.ids.uuid();
    ctx.state.deferred.start(requestId, completion);
    sendJson(ctx.res, 200, { request_id: requestId });
    return true;
  }
  if (conversation.stream)
    return stream(ctx, streamEvents("chat", completion, ctx.body, ctx.scripted?.pace?.chunkSize));
  sendJson(ctx.res, 200, completion);
  return true;
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
