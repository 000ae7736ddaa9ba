/**
 * How api.x.ai words a rejected request, from the contract engine's violations: one sentence naming the field.
 * Requests that do not fit the request type (missing field, wrong type, unknown variant) fail deserialization —
 * 422 `Failed to deserialize the JSON body into the target type: messages[1].content: …` (axum + serde, as
 * captured); values of the right type that break a bound get 400 `Invalid request content: …`. The mock keeps
 * every violation (with its location) for the `x-mock-violations` header; the message names the one that matters.
 */
import type { Violation } from "./prism-engine.ts";

/** Keywords whose failure means the JSON does not deserialize into the request type at all. */
const DESERIALIZATION_KEYWORDS = new Set([
  "type",
  "required",
  "enum",
  "const",
  "oneOf",
  "anyOf",
  "additionalProperties",
  "unevaluatedProperties",
  "dependentRequired",
]);

export interface Rejection {
  /** 422 for deserialization failures, 400 for everything else (falls back to what the operation declares). */
  status: 400 | 422;
  message: string;
}

/** `["body", "messages", "0", "role"]` → `messages[0].role` (serde_path_to_error's notation). */
function fieldPath(segments: readonly string[]): string {
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
    return path ? `${path}.${segment}` : segment;
  }, "");
}

function valueAt(body: unknown, segments: readonly string[]): unknown {
  let value = body;
  for (const segment of segments) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** serde's description of an unexpected value: `string "abc"`, `integer 5`, `null`, `a sequence`, `a map`. */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a sequence";
  if (typeof value === "object") return "a map";
  if (typeof value === "string")
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number")
    return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  return `boolean \`${value}\``;
}

/** The part of Prism's message after the path: "must be <= 2", "must be array", "must have required property 'x'". */
function tail(violation: Violation): string {
  const at = violation.message.indexOf(" must ");
  return at >= 0 ? violation.message.slice(at + 1) : violation.message;
}

const depth = (v: Violation) => v.location.length;
const parentKey = (v: Violation) => v.location.slice(0, -1).join("/");

/**
 * The violation to report. A `oneOf` failure lists every branch's complaints; the deepest ones are nearest the
 * cause. Among siblings, an `enum` complaint (a discriminator such as `role`) that sits next to other complaints
 * comes from a branch whose discriminator did not match — the other complaints are the real problem.
 */
function primary(violations: readonly Violation[]): Violation {
  const specific = violations.filter((v) => v.keyword !== "oneOf" && v.keyword !== "anyOf");
  const pool = specific.length > 0 ? specific : [...violations];
  const body = pool.filter((v) => v.location[0] === "body");
  const candidates = body.length > 0 ? body : pool;
  // `oneOf: [{type: null}, {$ref}]` (an optional object) also complains that the object is not null: a distraction.
  const notNull = candidates.filter((v) => !(v.keyword === "type" && / must be null$/.test(v.message)));
  const relevant = notNull.length > 0 ? notNull : candidates;
  const deepest = Math.max(...relevant.map(depth));
  let chosen = relevant.filter((v) => depth(v) === deepest);
  const nonEnum = chosen.filter((v) => v.keyword !== "enum" && v.keyword !== "const");
  if (nonEnum.length > 0 && chosen.some((v) => nonEnum.some((n) => parentKey(n) === parentKey(v)))) chosen = nonEnum;
  // Deserialization stops at the first problem: report one of those before any bound check.
  return chosen.find((v) => DESERIALIZATION_KEYWORDS.has(v.keyword ?? "")) ?? chosen[0]!;
}

function deserializationMessage(violation: Violation, all: readonly Violation[], body: unknown): string {
  const segments = violation.location.slice(1);
  const path = fieldPath(segments);
  const at = path ? `${path}: ` : "";
  const value = valueAt(body, segments);
  switch (violation.keyword) {
    case "required": {
      const field = /property '([^']+)'/.exec(violation.message)?.[1] ?? "unknown";
      return `${at}missing field \`${field}\``;
    }
    case "enum":
    case "const": {
      const allowed = all
        .filter((v) => v.location.join("/") === violation.location.join("/"))
        .flatMap((v) => /allowed values: (.*)$/.exec(v.message)?.[1]?.split(", ") ?? []);
      const expected = [...new Set(allowed)].map((a) => `\`${a}\``).join(", ");
      return `${at}unknown variant \`${String(value)}\`${expected ? `, expected one of ${expected}` : ""}`;
    }
    case "type":
      return `${at}invalid type: ${describeValue(value)}, expected ${tail(violation)
        .replace(/^must be /, "")
        .replace(",", " or ")}`;
    case "additionalProperties":
    case "unevaluatedProperties": {
      const field = /'([^']+)'\s*$/.exec(violation.message)?.[1] ?? "unknown";
      return `${at}unknown field \`${field}\``;
    }
    default: {
      const name = segments.at(-1) ?? "request";
      const typeName = name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
      return `${at}data did not match any variant of untagged enum ${typeName}`;
    }
  }
}

function invalidArgumentMessage(violation: Violation): string {
  const [where, ...segments] = violation.location;
  const field = fieldPath(segments);
  if (where === "body" || where === undefined)
    return `Invalid request content: ${field || "the body"} ${tail(violation)}.`;
  if (where === "request") return `Invalid request: ${violation.message}.`;
  return `Invalid ${where} parameter ${field}: ${tail(violation)}.`;
}

/** Status and message for a request the contract rejected; `declared` is the operation's declared statuses. */
export function describeRejection(
  violations: readonly Violation[],
  body: unknown,
  declared: ReadonlySet<string>,
): Rejection {
  const violation = primary(violations);
  const deserialization = violation.location[0] === "body" && DESERIALIZATION_KEYWORDS.has(violation.keyword ?? "");
  if (deserialization && declared.has("422")) {
    return {
      status: 422,
      message: `Failed to deserialize the JSON body into the target type: ${deserializationMessage(violation, violations, body)}`,
    };
  }
  const status = !declared.has("400") && declared.has("422") ? 422 : 400;
  return { status, message: invalidArgumentMessage(violation) };
}
