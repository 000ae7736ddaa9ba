/**
 * The Responses API: the answer (a matched fixture's, else the rule's) rendered by `../render/responses.ts`;
 * `previous_response_id` must name a stored response (else xAI's 404) and is echoed; responses are stored unless
 * `store: false` (the API stores by default); `stream: true`; retrieve and delete.
 */
import { sendError, sendJson } from "../http/errors.ts";
import { streamEvents } from "../render/index.ts";
import { renderResponse } from "../render/responses.ts";
import { answerFor, type Behaviour, notFound, requestedModel, stream } from "./context.ts";
import { readConversation } from "./conversation.ts";

export const createResponse: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const conversation = readConversation("responses", ctx.body);
  const previous = conversation.previousResponseId;
  if (previous !== undefined && ctx.state.responses.get(previous) === undefined) {
    sendError(ctx.res, 404, `Previous response with id '${previous}' not found.`);
    return true;
  }
  const response = renderResponse(answerFor(ctx, conversation, model), conversation, model, ctx.state.ids, ctx.body);
  if (response.store) ctx.state.responses.save(response.id, response);
  if (conversation.stream) {
    return stream(ctx, streamEvents("responses", response, ctx.body, ctx.scripted?.pace?.chunkSize));
  }
  sendJson(ctx.res, 200, response);
  return true;
};

export const getStoredResponse: Behaviour = (ctx) => {
  const response = ctx.state.responses.get(ctx.params.response_id!);
  if (response === undefined) return notFound(ctx, "Response", ctx.params.response_id);
  sendJson(ctx.res, 200, response);
  return true;
};

export const deleteStoredResponse: Behaviour = (ctx) => {
  const id = ctx.params.response_id!;
  if (!ctx.state.responses.delete(id)) return notFound(ctx, "Response", id);
  sendJson(ctx.res, 200, { id, object: "response", deleted: true });
  return true;
};
