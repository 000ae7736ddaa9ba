/** The Responses API: stored responses (the API stores by default), `stream: true`, retrieve and delete. */
import { sendJson } from "../http/errors.ts";
import { responseStreamEvents } from "../sse/responses.ts";
import { asObject, type Behaviour, notFound, stream } from "./context.ts";

export const createResponse: Behaviour = (ctx) => {
  const request = asObject(ctx.body);
  let response = asObject(ctx.negotiated.body);
  if (request.store !== false) {
    response = { ...response, id: ctx.state.ids.uuid(), store: true };
    ctx.state.responses.save(response.id, response);
  }
  if (request.stream === true) return stream(ctx, responseStreamEvents(response));
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
