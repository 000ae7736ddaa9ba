/** The Anthropic-compatible Messages API: `stream: true`. */
import { messageStreamEvents } from "../sse/messages.ts";
import { asObject, type Behaviour, stream } from "./context.ts";

export const createMessage: Behaviour = (ctx) => {
  if (asObject(ctx.body).stream !== true) return false;
  return stream(ctx, messageStreamEvents(asObject(ctx.negotiated.body)));
};
