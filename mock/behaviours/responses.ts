/**
 * The Responses API (`families.ts`: fixture or rule; `previous_response_id` must name a stored response, else xAI's
 * 404; stored with its input items unless `store: false`; streamed), retrieving and deleting stored responses, their
 * input items, and compaction of an input window.
 */
import { sendJson } from "../http/errors.ts";
import { cursorPage } from "../stores/cursor-page.ts";
import { tokenCounts } from "./answer.ts";
import {
  asObject,
  type Behaviour,
  cursorParams,
  type Json,
  notFound,
  nowSeconds,
  requestedModel,
  sendFamilyResult,
  sendPage,
} from "./context.ts";
import { inputItems } from "./conversation.ts";
import { answerFamily } from "./families.ts";
import { textOf } from "./json.ts";

export const createResponse: Behaviour = (ctx) =>
  sendFamilyResult(ctx, answerFamily("responses", ctx.body, ctx.state, ctx.scripted));

export const listInputItems: Behaviour = (ctx) => {
  const id = ctx.params.response_id!;
  const items = ctx.state.responses.inputItems(id) as (Json & { id: string })[] | undefined;
  if (items === undefined) return notFound(ctx, "Response", id);
  return sendPage(ctx, () => cursorPage(items, cursorParams(ctx), { limit: 20, maxLimit: 100, order: "asc" }));
};

/**
 * POST /v1/responses/compact: the input window as one opaque compaction item (its `encrypted_content` is the window
 * itself, base64url-encoded, so nothing is lost), to spread into the next request's `input`.
 */
export const compact: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const items = inputItems(asObject(ctx.body).input);
  const id = `cmp_${ctx.state.ids.uuid()}`;
  const encrypted = Buffer.from(JSON.stringify(items)).toString("base64url");
  const counts = tokenCounts(model, items.map((item) => textOf(item.content ?? item.output)).join("\n"), encrypted);
  sendJson(ctx.res, 200, {
    object: "response.compaction",
    id,
    created_at: nowSeconds(),
    model: model.id,
    output: [{ type: "compaction", id, encrypted_content: encrypted }],
    usage: {
      input_tokens: counts.prompt,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: counts.completion,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: counts.prompt + counts.completion,
      dropped_message_count: items.length,
    },
  });
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
