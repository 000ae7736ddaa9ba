/** The model-list and model-get operations of all five families, answered from the model catalogue. */
import type { ModelKind } from "../catalogue/models.ts";
import { unknownModelMessage } from "../catalogue/models.ts";
import { sendError, sendJson } from "../http/errors.ts";
import type { Behaviour } from "./context.ts";

export const listModels: Behaviour = (ctx) => {
  const { catalogue } = ctx.state;
  sendJson(ctx.res, 200, { data: catalogue.models.map((model) => catalogue.summarize(model)), object: "list" });
  return true;
};

export const getModel: Behaviour = (ctx) => {
  const model = ctx.state.catalogue.resolve(ctx.params.model_id!);
  if (!model) sendError(ctx.res, 404, unknownModelMessage(ctx.params.model_id!));
  else sendJson(ctx.res, 200, ctx.state.catalogue.summarize(model));
  return true;
};

export function listModelsOf(kind: ModelKind): Behaviour {
  return (ctx) => {
    const { catalogue } = ctx.state;
    sendJson(ctx.res, 200, { models: catalogue.ofKind(kind).map((model) => catalogue.describe(model)) });
    return true;
  };
}

export function getModelOf(kind: ModelKind): Behaviour {
  return (ctx) => {
    const model = ctx.state.catalogue.resolve(ctx.params.model_id!);
    if (model?.kind !== kind) sendError(ctx.res, 404, unknownModelMessage(ctx.params.model_id!));
    else sendJson(ctx.res, 200, ctx.state.catalogue.describe(model));
    return true;
  };
}
