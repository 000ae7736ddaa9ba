/** GET /v1/me: the spec's example caller, on the mock's team — the team its 404s for unknown models name. */
import { MOCK_TEAM_ID } from "../catalogue/models.ts";
import { sendJson } from "../http/errors.ts";
import { asObject, type Behaviour } from "./context.ts";

export const me: Behaviour = (ctx) => {
  sendJson(ctx.res, 200, { ...asObject(ctx.negotiated.body), team_id: MOCK_TEAM_ID });
  return true;
};
