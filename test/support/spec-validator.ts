/**
 * The effective spec's validators (`mock/contract/validator.ts`: Ajv 2020-12 + formats) for tests that check what a
 * server sends: response bodies by operation/status/media type, and named component schemas (e.g. SSE events).
 */
import { readFileSync } from "node:fs";
import { createSpecValidator } from "../../mock/contract/validator.ts";

export type { ValidationResult } from "../../mock/contract/validator.ts";

const validator = createSpecValidator(
  JSON.parse(readFileSync(new URL("../../generated/xai-openapi.effective.json", import.meta.url), "utf8")),
);

export const { validateSchema, matchPathTemplate, validateResponseBody } = validator;
