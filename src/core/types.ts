import type { components, operations } from "../../generated/openapi.ts";

/** A schema of the effective spec by name, e.g. `Schema<"ChatRequest">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** The JSON request body of an operation. */
export type JsonBody<Op extends keyof operations> =
  NonNullable<operations[Op]["requestBody"]> extends { content: { "application/json": infer Body } } ? Body : never;

/** An operation's query parameters. */
export type Query<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["query"]>;

/** The JSON body of an operation's 200 response. */
export type JsonResult<Op extends keyof operations> = operations[Op]["responses"] extends {
  200: { content: { "application/json": infer Result } };
}
  ? Result
  : never;
