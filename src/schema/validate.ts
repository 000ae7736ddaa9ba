import type { SchemaInput } from "./json-schema.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

/**
 * Runs a Standard Schema validator on `value` (a plain JSON Schema is not checked: the value passes as is). A
 * validator that throws counts as one issue, so a buggy schema surfaces as a validation failure, not a crash.
 */
export async function validate<T>(schema: SchemaInput<T>, value: unknown): Promise<StandardSchemaV1.Result<T>> {
  const standard = (schema as Partial<StandardSchemaV1<unknown, T>>)["~standard"];
  if (!standard) return { value: value as T };
  try {
    return await standard.validate(value);
  } catch (error) {
    return { issues: [{ message: `the validator threw: ${messageOf(error)}` }] };
  }
}

/** `a.b.0: message; …` for a validator's issues. */
export function formatIssues(issues: readonly StandardSchemaV1.Issue[]): string {
  return issues
    .map(({ message, path }) => {
      const where = (path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment));
      return where.length ? `${where.join(".")}: ${message}` : message;
    })
    .join("; ");
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
