/**
 * Keeps the schema → arbitrary generator honest: what it calls valid must pass Ajv against the same schema, and
 * every mutation must fail Ajv with an error that names the mutated field.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type JsonSchema, mutationKinds, namesField, SchemaArbitraries } from "../support/arbitraries.ts";
import "../support/fast-check-seed.ts";
import { jsonRequestSchemas, specArbitraries } from "../support/request-schemas.ts";
import { validateSchema } from "../support/spec-validator.ts";

describe("generated request bodies (effective spec)", () => {
  for (const { schemaName, schema } of jsonRequestSchemas()) {
    it(`${schemaName}: generated values validate`, () => {
      fc.assert(
        fc.property(specArbitraries.valid(schema), (body) => {
          const result = validateSchema(schemaName, body);
          if (!result.valid) throw new Error(`not valid against ${schemaName}:\n${result.errors.join("\n")}`);
        }),
        { numRuns: 40 },
      );
    });

    for (const kind of mutationKinds) {
      const targets = specArbitraries.mutationTargets(schema, kind);
      if (targets.length === 0) continue;
      it(`${schemaName}: every ${kind} mutation (${targets.length}) is invalid and names the field`, () => {
        for (const target of targets) {
          fc.assert(
            fc.property(specArbitraries.invalidAt(schema, target), ({ body, field, path }) => {
              const result = validateSchema(schemaName, body);
              expect(result.valid, `${kind} at ${path.join(".")} left the body valid`).toBe(false);
              expect(namesField(result.errors.join("\n"), field), result.errors.join("\n")).toBe(true);
            }),
            { numRuns: 5 },
          );
        }
      });
    }
  }
});

describe("keyword coverage on small schemas", () => {
  const document = {
    $defs: {
      Leaf: { type: "object", required: ["kind"], properties: { kind: { const: "leaf" } } },
    },
  };
  const generator = new SchemaArbitraries(document, { maxDepth: 2 });
  const cases: Record<string, JsonSchema> = {
    "type array with null": { type: ["integer", "null"], minimum: 3, maximum: 5 },
    "exclusive bounds": { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
    "enum and const": {
      type: "object",
      properties: { a: { enum: ["x", "y"] }, b: { const: 7 } },
      required: ["a", "b"],
    },
    "overlapping oneOf": {
      oneOf: [
        { type: "array", items: { type: "string" } },
        { type: "array", items: { type: "integer" } },
      ],
    },
    anyOf: { anyOf: [{ type: "string", maxLength: 2 }, { type: "boolean" }] },
    "prefixItems, no extra items": {
      type: "array",
      prefixItems: [{ type: "string", format: "date" }, { type: "boolean" }],
      items: false,
      minItems: 2,
    },
    "minItems / maxItems": { type: "array", items: { $ref: "#/$defs/Leaf" }, minItems: 1, maxItems: 1 },
    "closed object": {
      type: "object",
      properties: { a: { type: "string", pattern: "^a[0-9]$" } },
      unevaluatedProperties: false,
    },
    "map with propertyNames": {
      type: "object",
      additionalProperties: { type: "integer", format: "int32" },
      propertyNames: { pattern: "^[0-9]+$" },
    },
    "allOf merge": { allOf: [{ $ref: "#/$defs/Leaf" }, { properties: { n: { type: "integer" } }, required: ["n"] }] },
  };

  for (const [name, schema] of Object.entries(cases)) {
    it(name, () => {
      const validate = generator.validator(schema);
      fc.assert(
        fc.property(generator.valid(schema), (value) => {
          expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
        }),
        { numRuns: 50 },
      );
    });
  }

  it("namesField matches whole identifiers only", () => {
    expect(namesField("body.n: must be <= 128", "n")).toBe(true);
    expect(namesField("must have required property 'model'", "model")).toBe(true);
    expect(namesField("Invalid request (1 problem)", "n")).toBe(false);
    expect(namesField("body.top_p: must be <= 1", "top")).toBe(false);
  });

  it("offers every mutation kind where the schema allows it", () => {
    const schema = {
      type: "object",
      required: ["mode", "count"],
      properties: {
        mode: { type: "string", enum: ["a", "b"] },
        count: { type: ["integer", "null"], minimum: 1, maximum: 4 },
        nested: { type: ["object", "null"], required: ["id"], properties: { id: { type: "string" } } },
      },
    };
    expect(generator.mutationTargets(schema, "missing-required").map(({ path }) => path.join("."))).toEqual([
      "mode",
      "count",
      "nested.id",
    ]);
    expect(generator.mutationTargets(schema, "out-of-range").map(({ path }) => path.join("."))).toEqual(["count"]);
    expect(generator.mutationTargets(schema, "unknown-enum").map(({ path }) => path.join("."))).toEqual(["mode"]);
    const validate = generator.validator(schema);
    for (const kind of mutationKinds) {
      for (const target of generator.mutationTargets(schema, kind)) {
        for (const mutated of fc.sample(generator.invalidAt(schema, target), 10)) {
          expect(validate(mutated.body), `${kind} ${JSON.stringify(mutated.body)}`).toBe(false);
        }
      }
    }
  });
});
