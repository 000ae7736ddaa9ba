/** xAI's flat error body, `{"code": "<kind>", "error": "<message>"}` (a 422 deserialization failure: `error` alone). */
import { type ErrorCodeDialect, errorCodeOf } from "../../src/api-facts.ts";

export interface XaiErrorBody {
  code?: string;
  error: string;
}

export function xaiErrorBody(status: number, message: string, dialect: ErrorCodeDialect = "kebab"): XaiErrorBody {
  if (status === 422) return { error: message };
  return { code: errorCodeOf(status, dialect), error: message };
}
