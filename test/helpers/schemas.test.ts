import { toStandardJsonSchema } from "@valibot/to-json-schema";
import { type } from "arktype";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { SchemaError, tool, XaiError } from "../../src/index.ts";
import { toJsonSchema } from "../../src/schema/json-schema.ts";
import { formatIssues, validate } from "../../src/schema/validate.ts";

const object = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
};

describe("the JSON Schema sent for a schema", () => {
  it("zod 4, arktype and valibot (through toStandardJsonSchema) export their own, without the dialect tag", () => {
    expect(toJsonSchema(z.object({ city: z.string() }), undefined, "t")).toEqual({
      ...object,
      additionalProperties: false,
    });
    expect(toJsonSchema(type({ city: "string" }), undefined, "t")).toEqual(object);
    expect(toJsonSchema(toStandardJsonSchema(v.object({ city: v.string() })), undefined, "t")).toEqual(object);
  });

  it("a plain JSON Schema or an explicit jsonSchema is sent as given", () => {
    expect(toJsonSchema(object, undefined, "t")).toBe(object);
    expect(toJsonSchema(v.object({ city: v.string() }), object, "t")).toBe(object);
  });

  it("a validator without a JSON Schema export, one that cannot express the schema, or a non-object: SchemaError", () => {
    expect(() => toJsonSchema(v.object({ city: v.string() }), undefined, 'tool "w"')).toThrow(
      new SchemaError(
        'tool "w": this valibot schema has no JSON Schema export: pass `jsonSchema` (valibot: wrap it in toStandardJsonSchema())',
      ),
    );
    const error = (() => {
      try {
        toJsonSchema(z.object({ when: z.date() }), undefined, "here");
      } catch (thrown) {
        return thrown as SchemaError;
      }
    })();
    expect(error).toBeInstanceOf(SchemaError);
    expect(error?.message).toBe(
      "here: zod cannot express this schema as JSON Schema: Date cannot be represented in JSON Schema",
    );
    expect(error?.cause).toBeInstanceOf(Error);
    expect(() => toJsonSchema([] as never, undefined, "x")).toThrow("x: a JSON Schema must be an object, got an array");
  });
});

describe("validation with each library's issues", () => {
  it.each([
    ["zod", z.object({ city: z.string() })],
    ["valibot", v.object({ city: v.string() })],
    ["arktype", type({ city: "string" })],
  ])("%s: success gives the output, failure the issues with their path", async (_, schema) => {
    expect(await validate(schema, { city: "Rome" })).toMatchObject({ value: { city: "Rome" } });
    const failed = await validate(schema, { city: 1 });
    expect(failed.issues?.length).toBeGreaterThan(0);
    expect(formatIssues(failed.issues!)).toMatch(/^city: /);
  });
});

describe("tool()", () => {
  it("resolves the JSON Schema at definition time", () => {
    const weather = tool({
      name: "get_weather",
      parameters: z.object({ city: z.string() }),
      execute: ({ city }) => city,
    });
    expect(weather.jsonSchema).toEqual({ ...object, additionalProperties: false });
  });

  it("rejects a bad name, a schema that is not an object, and a schema the validator cannot express", () => {
    const execute = () => null;
    expect(() => tool({ name: "get weather", parameters: object, execute })).toThrow(
      new XaiError('tool name "get weather" must be 1–64 letters, digits, "_" or "-"'),
    );
    expect(() => tool({ name: "n", parameters: z.string(), execute })).toThrow(
      new SchemaError('tool "n" parameters: arguments are a JSON object, so the schema needs type "object"'),
    );
    expect(() => tool({ name: "d", parameters: z.object({ at: z.date() }), execute })).toThrow(SchemaError);
    expect(() => tool({ name: "v", parameters: v.object({}), execute })).toThrow(/no JSON Schema export/);
  });
});
