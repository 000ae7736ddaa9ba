/** The text operations that are not chats: legacy completions (OpenAI and Anthropic style) and tokenize-text. */
import { createHash } from "node:crypto";
import { sendJson } from "../http/errors.ts";
import { systemFingerprint } from "../render/chat.ts";
import { chatUsage, limitTokens, tokenCounts } from "./answer.ts";
import { asObject, type Behaviour, nowSeconds, requestedModel } from "./context.ts";
import { textOf } from "./json.ts";

const CONTINUATION = " and the offline xAI mock continues the text deterministically.";

export const completions: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const request = asObject(ctx.body);
  const prompt = textOf(Array.isArray(request.prompt) ? request.prompt.map(String) : request.prompt);
  const limited = limitTokens(CONTINUATION, request.max_tokens);
  const n = typeof request.n === "number" && request.n > 0 ? request.n : 1;
  const counts = tokenCounts(model, prompt, limited.text);
  sendJson(ctx.res, 200, {
    id: ctx.state.ids.uuid(),
    object: "text_completion",
    created: nowSeconds(),
    model: model.id,
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      text: limited.text,
      finish_reason: limited.truncated ? "length" : "stop",
    })),
    usage: chatUsage(counts),
    system_fingerprint: systemFingerprint(model),
  });
  return true;
};

export const complete: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "language");
  if (!model) return true;
  const limited = limitTokens(CONTINUATION, asObject(ctx.body).max_tokens_to_sample);
  sendJson(ctx.res, 200, {
    type: "completion",
    id: ctx.state.ids.uuid(),
    completion: limited.text,
    stop_reason: limited.truncated ? "max_tokens" : "stop_sequence",
    model: model.id,
  });
  return true;
};

/** Words, single punctuation marks and their leading spaces, as a BPE tokenizer splits English. */
const TOKEN = /\s*[\p{L}\p{N}]+|\s*[^\s\p{L}\p{N}]|\s+/gu;

export const tokenize: Behaviour = (ctx) => {
  if (!requestedModel(ctx, "language")) return true;
  const text = String(asObject(ctx.body).text ?? "");
  const token_ids = (text.match(TOKEN) ?? []).map((token) => ({
    token_id: createHash("sha256").update(token).digest().readUInt32LE(0) % 131_072,
    string_token: token,
    token_bytes: [...Buffer.from(token, "utf8")],
  }));
  sendJson(ctx.res, 200, { token_ids });
  return true;
};
