/**
 * Ajv (JSON Schema 2020-12 + formats) validators compiled from an OpenAPI document, for what a server sends:
 * response bodies by operation/status/media type, and named component schemas (e.g. SSE events). Validators are
 * compiled lazily and cached, so a caller pays only for the schemas it touches. Plain JavaScript over a spec object:
 * the fixtures' load-time check, the msw handlers (in a browser too, where Prism cannot run), the recorder and
 * `xai-mock cassettes check` (a streamed answer one event at a time: the spec's `text/event-stream` schema describes
 * one event's `data`) and the tests share it. Prism validates requests; this checks answers.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export interface SchemaViolation {
  /**
   * JSON pointer into the validated value (`""` for the value itself); absent when the problem is the exchange itself
   * (an operation, status or media type the spec does not declare).
   */
  pointer?: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  /** One readable line per violation, e.g. `body/choices/0 must have required property 'index'`. */
  errors: string[];
  /** The same violations as the contract engine reports them (`location` from the value's root, the keyword). */
  issues: { location: string[]; message: string; keyword: string }[];
  /** The same violations located by JSON pointer (cassette checks report them so). */
  violations: SchemaViolation[];
}

type Json = Record<string, any>;

const SPEC_ID = "xai-effective";

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function createAjv(spec: Json): Ajv2020 {
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

export const escapePointer = (token: string) => token.replaceAll("~", "~0").replaceAll("/", "~1");

function located(errors: ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === "additionalProperties" ? ` ('${e.params.additionalProperty}')` : "";
    return { pointer: e.instancePath, message: `${e.message ?? e.keyword}${extra}` };
  });
}

/** Ajv's errors worded as Prism words them, so `contract/rejection.ts` phrases both alike. */
function issues(errors: ErrorObject[] | null | undefined, root: string): ValidationResult["issues"] {
  return (errors ?? []).map((e) => {
    const segments = e.instancePath
      .split("/")
      .slice(1)
      .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
    const extra =
      e.keyword === "enum"
        ? `: ${(e.params.allowedValues as unknown[]).join(", ")}`
        : e.keyword === "additionalProperties" || e.keyword === "unevaluatedProperties"
          ? ` '${e.params.additionalProperty ?? e.params.unevaluatedProperty}'`
          : "";
    const where = segments.length ? `${root} property ${segments.join(".")}` : root;
    return { location: [root, ...segments], message: `${where} ${e.message ?? e.keyword}${extra}`, keyword: e.keyword };
  });
}

export interface SpecValidator {
  /** Validate a value against `#/components/schemas/<schemaName>`. */
  validateSchema(schemaName: string, value: unknown): ValidationResult;
  /** The spec's path template for a concrete request path (`/v1/files/file_1` → `/v1/files/{file_id}`). */
  matchPathTemplate(path: string): string | undefined;
  /**
   * Validate a response body against the schema the spec declares for `method path → status (mediaType)`. `path`
   * may be a template or a concrete path. A status without content must come with an empty body (`undefined`,
   * `null` or `""`).
   */
  validateResponseBody(
    method: string,
    path: string,
    status: number | string,
    mediaType: string | undefined,
    body: unknown,
  ): ValidationResult;
  /** Validate a value against the schema at a JSON pointer into the spec (`/paths/…/requestBody/…/schema`). */
  validateAt(pointer: string, value: unknown, root?: string): ValidationResult;
}

/** A problem with the exchange as a whole (an undeclared operation, status or media type), not inside the value. */
const invalid = (error: string): ValidationResult => ({
  valid: false,
  errors: [error],
  issues: [{ location: ["request"], message: error, keyword: "" }],
  violations: [{ message: error }],
});

const VALID: ValidationResult = { valid: true, errors: [], issues: [], violations: [] };

export function createSpecValidator(spec: Json): SpecValidator {
  let ajv: Ajv2020 | undefined;
  const cache = new Map<string, ValidateFunction>();
  // The most specific template first: `/v1/things/{id}:cancel` wins over `/v1/things/{id}` for `/v1/things/7:cancel`.
  const literalLength = (template: string) => template.replace(/\{[^}]+\}/g, "").length;
  const templates = Object.keys(spec.paths ?? {})
    .sort((a, b) => literalLength(b) - literalLength(a))
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
    }));

  function validatorAt(pointer: string): ValidateFunction {
    let validate = cache.get(pointer);
    if (!validate) {
      ajv ??= createAjv(spec);
      validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
      if (!validate) throw new Error(`No schema at ${pointer} in the effective spec`);
      cache.set(pointer, validate);
    }
    return validate;
  }

  function validateAt(pointer: string, value: unknown, root = "body"): ValidationResult {
    const validate = validatorAt(pointer);
    const valid = validate(value) as boolean;
    if (valid) return VALID;
    const violations = located(validate.errors);
    return {
      valid,
      errors: violations.map((v) => `${root}${v.pointer} ${v.message}`),
      issues: issues(validate.errors, root),
      violations,
    };
  }

  function matchPathTemplate(path: string): string | undefined {
    const pathname = path.split("?")[0]!;
    if (spec.paths[pathname]) return pathname;
    return templates.find(({ pattern }) => pattern.test(pathname))?.template;
  }

  return {
    validateAt,
    matchPathTemplate,
    validateSchema(schemaName, value) {
      if (!spec.components?.schemas?.[schemaName]) {
        return invalid(`schema '${schemaName}' is not defined in the effective spec`);
      }
      return validateAt(`/components/schemas/${escapePointer(schemaName)}`, value, schemaName);
    },
    validateResponseBody(method, path, status, mediaType, body) {
      const where = `${method.toUpperCase()} ${path} → ${status}`;
      const template = matchPathTemplate(path);
      const operation = template ? spec.paths[template]?.[method.toLowerCase()] : undefined;
      if (!template || !operation) return invalid(`${where}: operation not in the effective spec`);
      const declared = [String(status), `${String(status)[0]}XX`, "default"].find((key) => operation.responses?.[key]);
      if (!declared) return invalid(`${where}: status not declared for this operation`);
      let responsePointer = `/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${declared}`;
      let response: Json | undefined = operation.responses[declared];
      if (typeof response?.$ref === "string") {
        responsePointer = response.$ref.slice(1);
        response = responsePointer
          .split("/")
          .slice(1)
          .reduce<Json | undefined>((node, token) => node?.[token.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
        if (!response) return invalid(`${where}: dangling $ref ${responsePointer}`);
      }
      const content: Json | undefined = response?.content;
      if (!content || Object.keys(content).length === 0) {
        const empty = body === undefined || body === null || body === "";
        return empty ? VALID : invalid(`${where}: declares no body but one was sent`);
      }
      const essence = mediaType?.split(";")[0]?.trim().toLowerCase();
      if (!essence || !content[essence]) {
        return invalid(
          `${where}: media type '${mediaType}' not declared (declared: ${Object.keys(content).join(", ")})`,
        );
      }
      if (!content[essence].schema) return VALID;
      return validateAt(`${responsePointer}/content/${escapePointer(essence)}/schema`, body, "body");
    },
  };
}
