/** The Anthropic-compatible Messages API (`families.ts`: fixture or rule, streamed). */
import { type Behaviour, sendFamilyResult } from "./context.ts";
import { answerFamily } from "./families.ts";

export const createMessage: Behaviour = (ctx) =>
  sendFamilyResult(ctx, answerFamily("messages", ctx.body, ctx.state, ctx.scripted));
