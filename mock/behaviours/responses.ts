/**
 * The Responses API (`families.ts`: fixture or rule; `previous_response_id` must name a stored response, else xAI's
 * 404; stored unless `store: false`; streamed), and retrieving and deleting stored responses.
 */
import { sendJson } from "../http/errors.ts";
import { type Behaviour, notFound, sendFamilyResult } from "./context.ts";
import { answerFamily } from "./families.ts";

export const createResponse: Behaviour = (ctx) =>
  sendFamilyResult(ctx, answerFamily("responses", ctx.body, ctx.state, ctx.scripted));

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
