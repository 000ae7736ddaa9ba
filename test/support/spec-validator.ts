/**
 * The effective spec's response and schema validators (Ajv 2020-12 + formats, `mock/contract/response-validator.ts`,
 * shared with the recorder and `xai-mock cassettes check`), for tests that check what a server sends.
 */
import { createSpecValidator } from "../../mock/contract/response-validator.ts";
import { loadSpec } from "../../mock/contract/spec.ts";

export type { ValidationResult } from "../../mock/contract/response-validator.ts";

export const { validateSchema, validateResponseBody, matchPathTemplate } = createSpecValidator(loadSpec());
