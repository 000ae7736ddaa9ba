/**
 * One model answer in each family's shape, whole or as its stream of events: the one place the chat, Responses
 * and Messages renderers meet, used by the behaviours, the fixtures' load-time check and the msw handlers.
 */
import type { ModelAnswer } from "../behaviours/answer.ts";
import type { Conversation, Family } from "../behaviours/conversation.ts";
import { asObject, type Json } from "../behaviours/json.ts";
import type { CatalogueModel } from "../catalogue/models.ts";
import { chatStreamEvents } from "../sse/chat.ts";
import type { SseEvent } from "../sse/format.ts";
import { messageStreamEvents } from "../sse/messages.ts";
import { responseStreamEvents } from "../sse/responses.ts";
import type { IdFactory } from "../stores/ids.ts";
import { renderChatCompletion } from "./chat.ts";
import { renderMessage } from "./messages.ts";
import { renderResponse } from "./responses.ts";

export function renderAnswer(
  answer: ModelAnswer,
  conversation: Conversation,
  model: CatalogueModel,
  ids: IdFactory,
  body: unknown,
): Json {
  switch (conversation.family) {
    case "chat":
      return renderChatCompletion(answer, conversation, model, ids);
    case "responses":
      return renderResponse(answer, conversation, model, ids, body);
    case "messages":
      return renderMessage(answer, conversation, model, ids);
  }
}

/** The events that stream `rendered` (an answer of `family`), `chunkSize` tokens per text delta. */
export function streamEvents(family: Family, rendered: Json, body: unknown, chunkSize = 1): SseEvent[] {
  switch (family) {
    case "chat":
      return chatStreamEvents(
        rendered as never,
        asObject(asObject(body).stream_options).include_usage === true,
        chunkSize,
      );
    case "responses":
      return responseStreamEvents(rendered, chunkSize);
    case "messages":
      return messageStreamEvents(rendered, chunkSize);
  }
}
