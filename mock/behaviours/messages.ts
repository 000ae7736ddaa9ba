/**
 * The Anthropic-compatible Messages API: the answer (a matched fixture's, else the rule's) rendered by
 * `../render/messages.ts`, and `stream: true`.
 */
import { sendJson } from "../http/errors.ts";
import { streamEvents } from "../render/index.ts";
import { renderMessage } from "../render/messages.ts";
import { answerFor, type Behaviour, requestedModel, stream } from "./context.ts";
import { readConversation } from "./conversation.ts";

export const createMessage: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const conversation = readConversation("messages", ctx.body);
  const message = renderMessage(answerFor(ctx, conversation, model), conversation, model, ctx.state.ids);
  if (conversation.stream) {
    return stream(ctx, streamEvents("messages", message, ctx.body, ctx.scripted?.pace?.chunkSize));
  }
  sendJson(ctx.res, 200, message);
  return true;
};
