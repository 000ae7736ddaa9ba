/**
 * The fixture format as a JSON Schema, checked with Ajv, so a malformed fixture is refused with the JSON path of the
 * first problem (`$[2].respond.toolCalls[0].name: must be string`) before anything else looks at it.
 */
import { Ajv2020 } from "ajv/dist/2020.js";

const pattern = {
  type: "object",
  required: ["regex"],
  additionalProperties: false,
  properties: { regex: { type: "string" }, flags: { type: "string", pattern: "^[dgimsuvy]*$" } },
};
const textOrPattern = { anyOf: [{ type: "string" }, pattern] };
const count = { type: "integer", minimum: 0 };

const answer = {
  type: "object",
  additionalProperties: false,
  properties: {
    text: { type: "string" },
    json: {},
    reasoning: { type: "string" },
    toolCalls: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["name"],
        additionalProperties: false,
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9_.:-]{1,128}$" },
          arguments: { type: ["object", "string"] },
          id: { type: "string", minLength: 1 },
        },
      },
    },
    usage: {
      type: "object",
      additionalProperties: false,
      properties: { input: count, output: count, reasoning: count },
    },
    error: {
      type: "object",
      required: ["status"],
      additionalProperties: false,
      properties: {
        status: { type: "integer", minimum: 400, maximum: 599 },
        message: { type: "string", minLength: 1 },
      },
    },
    body: {},
    status: { type: "integer", minimum: 200, maximum: 299 },
    latencyMs: { type: "integer", minimum: 0, maximum: 60_000 },
    stream: {
      type: "object",
      additionalProperties: false,
      properties: {
        chunkSize: { type: "integer", minimum: 1 },
        firstTokenMs: { type: "integer", minimum: 0, maximum: 60_000 },
        tokensPerSecond: { type: "number", exclusiveMinimum: 0 },
      },
    },
  },
};

const fixture = {
  type: "object",
  required: ["respond"],
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1 },
    times: { type: "integer", minimum: 1 },
    match: {
      type: "object",
      additionalProperties: false,
      properties: {
        operation: { anyOf: [{ type: "string" }, { type: "array", minItems: 1, items: { type: "string" } }] },
        model: textOrPattern,
        content: textOrPattern,
        tools: { type: "boolean" },
        tool: { type: "string" },
        toolResult: { type: "boolean" },
        toolCallId: { type: "string" },
        turn: count,
        testId: { type: "string" },
      },
    },
    respond: { anyOf: [answer, { type: "array", minItems: 1, items: answer }] },
  },
};

const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile({
  type: "array",
  items: fixture,
});

/** `/0/respond/1/text` → `$[0].respond[1].text`. */
export function jsonPath(pointer: string, root = "$"): string {
  return pointer
    .split("/")
    .slice(1)
    .reduce((path, token) => {
      const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
      return /^\d+$/.test(key)
        ? `${path}[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(key)
          ? `${path}.${key}`
          : `${path}[${JSON.stringify(key)}]`;
    }, root);
}

/** The first way `fixtures` breaks the format, as `{ path, message }`, or undefined when it is well-formed. */
export function formatProblem(fixtures: unknown): { path: string; message: string } | undefined {
  if (validate(fixtures)) return undefined;
  // anyOf reports every branch; the deepest error is the one that names the actual problem.
  const error = [...(validate.errors ?? [])].sort(
    (a, b) => b.instancePath.split("/").length - a.instancePath.split("/").length,
  )[0]!;
  const extra =
    error.keyword === "additionalProperties"
      ? ` ('${error.params.additionalProperty}' is not part of the fixture format)`
      : error.keyword === "enum"
        ? ` (${error.params.allowedValues.join(", ")})`
        : "";
  return { path: jsonPath(error.instancePath), message: `${error.message ?? error.keyword}${extra}` };
}
