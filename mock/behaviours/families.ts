/**
 * Answering a chat-completions, Responses-API or Messages request, as data: the model checked against the
 * catalogue, the answer (a matched fixture's, else the rule's) rendered in the family's shape, deferred and stored
 * as the API does, whole or as the events of its stream. The node:http behaviours and the msw handlers send it.
 */
import type { CatalogueModel, ModelCatalogue, ModelKind } from "../catalogue/catalogue.ts";
import { unknownModelMessage, wrongKindMessage } from "../catalogue/catalogue.ts";
import { renderAnswer, streamEvents } from "../render/index.ts";
import type { SseEvent, StreamPace } from "../sse/format.ts";
import type { DeferredCompletions } from "../stores/deferred.ts";
import type { IdFactory } from "../stores/ids.ts";
import type { StoredResponses } from "../stores/responses.ts";
import { type ModelAnswer, ruleAnswer } from "./answer.ts";
import { type Family, inputItems, readConversation } from "./conversation.ts";
import { asObject, type Json } from "./json.ts";

/** The answer a matched fixture scripts for a chat, Responses or Messages request, and how it streams. */
export interface ScriptedAnswer {
  answer: ModelAnswer;
  pace?: StreamPace;
}

export interface FamilyState {
  catalogue: ModelCatalogue;
  ids: IdFactory;
  responses: StoredResponses;
  deferred: DeferredCompletions;
}

export type FamilyResult =
  | { kind: "json"; status: number; body: unknown }
  | { kind: "stream"; events: SseEvent[]; pace?: StreamPace }
  | { kind: "error"; status: number; message: string };

/**
 * The catalogue model `name` names, or xAI's error: 404 for a model that does not exist, 400 for one of another
 * kind. Without a name, the kind's first model.
 */
export function modelFor(
  catalogue: ModelCatalogue,
  name: unknown,
  kind: ModelKind,
): CatalogueModel | { status: number; message: string } {
  if (typeof name !== "string") {
    return catalogue.ofKind(kind)[0] ?? { status: 404, message: unknownModelMessage(String(name ?? kind)) };
  }
  const model = catalogue.resolve(name);
  if (!model) return { status: 404, message: unknownModelMessage(name) };
  if (model.kind !== kind) return { status: 400, message: wrongKindMessage(model) };
  return model;
}

export function answerFamily(
  family: Family,
  body: unknown,
  state: FamilyState,
  scripted: ScriptedAnswer | undefined,
): FamilyResult {
  const model = modelFor(state.catalogue, asObject(body).model, "language");
  if ("status" in model) return { kind: "error", ...model };
  const conversation = readConversation(family, body);
  const previous = conversation.previousResponseId;
  if (previous !== undefined && state.responses.get(previous) === undefined) {
    return { kind: "error", status: 404, message: `Previous response with id '${previous}' not found.` };
  }
  const answer = scripted?.answer ?? ruleAnswer(conversation, model);
  const rendered = renderAnswer(answer, conversation, model, state.ids, body);
  if (family === "chat" && asObject(body).deferred === true) {
    const requestId = state.ids.uuid();
    state.deferred.start(requestId, rendered);
    return { kind: "json", status: 200, body: { request_id: requestId } };
  }
  if (family === "responses" && rendered.store) {
    state.responses.save(rendered.id, rendered, listedInput(rendered.id, asObject(body).input));
  }
  if (conversation.stream) {
    return {
      kind: "stream",
      events: streamEvents(family, rendered, body, scripted?.pace?.chunkSize),
      pace: scripted?.pace,
    };
  }
  return { kind: "json", status: 200, body: rendered };
}

/** The request's input items as the input-items list gives them: each with an `id`, messages typed `message`. */
function listedInput(responseId: string, input: unknown): Json[] {
  return inputItems(input).map((item, i) => {
    const message = item.type === undefined || item.type === null || item.type === "message";
    const typed = message && typeof item.role === "string" ? { ...item, type: "message" } : item;
    return { ...typed, id: typeof item.id === "string" ? item.id : `${message ? "msg" : "item"}_${responseId}_${i}` };
  });
}
