/**
 * Ajv (JSON Schema 2020-12 + formats) validators compiled from the effective spec, for tests that check what a
 * server sends: response bodies by operation/status/media type, and named component schemas (e.g. SSE events).
 * Validators are compiled lazily and cached, so a test pays only for the schemas it touches.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export interface ValidationResult {
  valid: boolean;
  /** One readable line per violation, e.g. `body/choices/0 must have required property 'index'`. */
  errors: string[];
}

type Json = Record<string, any>;

const SPEC_ID = "xai-effective";
const spec: Json = JSON.parse(
  readFileSync(new URL("../../generated/xai-openapi.effective.json", import.meta.url), "utf8"),
);

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function createAjv(): Ajv2020 {
  // strict: false because OpenAPI 3.1 schemas carry annotation keywords (example, discriminator) Ajv does not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(ajv);
  for (const [name, [min, max]] of Object.entries(INT_RANGES)) {
    ajv.addFormat(name, { type: "number", validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
  }
  for (const name of ["float", "double"]) ajv.addFormat(name, { type: "number", validate: () => true });
  // Formats that only describe (binary payloads, country codes) are not checked.
  for (const name of ["binary", "iso3166-1-alpha-2"]) ajv.addFormat(name, () => true);
  ajv.addSchema(spec, SPEC_ID);
  return ajv;
}

let ajvInstance: Ajv2020 | undefined;
const cache = new Map<string, ValidateFunction>();

function validatorAt(pointer: string): ValidateFunction {
  let validate = cache.get(pointer);
  if (!validate) {
    ajvInstance ??= createAjv();
    validate = ajvInstance.getSchema(`${SPEC_ID}#${pointer}`);
    if (!validate) throw new Error(`No schema at ${pointer} in the effective spec`);
    cache.set(pointer, validate);
  }
  return validate;
}

const escapePointer = (token: string) => token.replaceAll("~", "~0").replaceAll("/", "~1");

function describe(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === "additionalProperties" ? ` ('${e.params.additionalProperty}')` : "";
    return `${root}${e.instancePath} ${e.message ?? e.keyword}${extra}`;
  });
}

function run(pointer: string, value: unknown, root: string): ValidationResult {
  const validate = validatorAt(pointer);
  const valid = validate(value) as boolean;
  return { valid, errors: valid ? [] : describe(validate.errors, root) };
}

/** Validate a value against `#/components/schemas/<schemaName>`. */
export function validateSchema(schemaName: string, value: unknown): ValidationResult {
  if (!spec.components?.schemas?.[schemaName]) {
    return { valid: false, errors: [`schema '${schemaName}' is not defined in the effective spec`] };
  }
  return run(`/components/schemas/${escapePointer(schemaName)}`, value, schemaName);
}

/** The spec's path template for a concrete request path (`/v1/files/file_1` → `/v1/files/{file_id}`). */
export function matchPathTemplate(path: string): string | undefined {
  const pathname = path.split("?")[0]!;
  if (spec.paths[pathname]) return pathname;
  const literal = (template: string) => template.replace(/\{[^}]+\}/g, "").length;
  // The most specific template wins: `/v1/things/{id}:cancel` over `/v1/things/{id}` for `/v1/things/7:cancel`.
  return Object.keys(spec.paths)
    .filter((template) => {
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
      return new RegExp(`^${pattern}$`).test(pathname);
    })
    .sort((a, b) => literal(b) - literal(a))[0];
}

/**
 * Validate a response body against the schema the spec declares for `method path → status (mediaType)`.
 * `path` may be a template or a concrete path. A status without content must come with an empty body
 * (`undefined`, `null` or `""`).
 */
export function validateResponseBody(
  method: string,
  path: string,
  status: number | string,
  mediaType: string | undefined,
  body: unknown,
): ValidationResult {
  const where = `${method.toUpperCase()} ${path} → ${status}`;
  const template = matchPathTemplate(path);
  const operation = template ? spec.paths[template]?.[method.toLowerCase()] : undefined;
  if (!template || !operation) return { valid: false, errors: [`${where}: operation not in the effective spec`] };
  let responsePointer = `/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${status}`;
  let response: Json | undefined = operation.responses?.[String(status)];
  if (!response) return { valid: false, errors: [`${where}: status not declared for this operation`] };
  if (typeof response.$ref === "string") {
    responsePointer = response.$ref.slice(1);
    response = responsePointer
      .split("/")
      .slice(1)
      .reduce<Json | undefined>((node, token) => node?.[token.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
    if (!response) return { valid: false, errors: [`${where}: dangling $ref ${responsePointer}`] };
  }
  const content: Json | undefined = response.content;
  if (!content || Object.keys(content).length === 0) {
    const empty = body === undefined || body === null || body === "";
    return { valid: empty, errors: empty ? [] : [`${where}: declares no body but one was sent`] };
  }
  const essence = mediaType?.split(";")[0]?.trim().toLowerCase();
  if (!essence || !content[essence]) {
    return {
      valid: false,
      errors: [`${where}: media type '${mediaType}' not declared (declared: ${Object.keys(content).join(", ")})`],
    };
  }
  if (!content[essence].schema) return { valid: true, errors: [] };
  return run(`${responsePointer}/content/${escapePointer(essence)}/schema`, body, "body");
}
