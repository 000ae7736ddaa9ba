/**
 * Embeddings: one vector per input (a string, strings, a token array, token arrays), deterministic for the same
 * input, unit length, `dimensions` long (default: the spec example's length); `encoding_format: base64` sends the
 * float32 little-endian bytes in base64, as the OpenAI API does.
 */
import { createHash } from "node:crypto";
import { loadSpec } from "../contract/spec.ts";
import { sendJson } from "../http/errors.ts";
import { countTokens } from "./answer.ts";
import { asObject, type Behaviour, requestedModel } from "./context.ts";

/** The separate inputs of an `EmbeddingInput`. */
function inputsOf(input: unknown): string[] {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input) || input.length === 0) return [];
  if (input.every((item) => typeof item === "number")) return [input.join(" ")];
  return input.map((item) => (Array.isArray(item) ? item.join(" ") : String(item)));
}

function vectorFor(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dimensions; i += 2)
      values.push(digest.readInt16LE(i) / 32768);
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((v) => Number((v / norm).toFixed(8)));
}

let exampleDimensions: number | undefined;

function defaultDimensions(): number {
  exampleDimensions ??=
    loadSpec().paths["/v1/embeddings"]?.post?.responses?.["200"]?.content?.["application/json"]?.example?.data?.[0]
      ?.embedding?.length ?? 1024;
  return exampleDimensions!;
}

export const createEmbeddings: Behaviour = (ctx) => {
  const model = requestedModel(ctx, "embedding");
  if (!model) return true;
  const request = asObject(ctx.body);
  const dimensions =
    typeof request.dimensions === "number" && request.dimensions > 0 ? request.dimensions : defaultDimensions();
  const inputs = inputsOf(request.input);
  const data = inputs.map((text, index) => {
    const vector = vectorFor(text, dimensions);
    const embedding =
      request.encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    return { index, embedding, object: "embedding" };
  });
  const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
  sendJson(ctx.res, 200, {
    object: "list",
    model: model.id,
    data,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
  return true;
};
