/**
 * Ajv (JSON Schema 2020-12 + formats) validators compiled from an OpenAPI 3.1 document, for what a server sends:
 * response bodies by operation/status/media type (a streamed answer one event at a time: the spec's
 * `text/event-stream` schema describes one event's `data`), and named component schemas. Validators are compiled
 * lazily and cached, so a caller pays only for the schemas it touches. Prism validates requests; this checks answers.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Spec } from "./spec.ts";

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
  /** The same violations, located by JSON pointer. */
  violations: SchemaViolation[];
}

export interface SpecValidator {
  /** Validate a value against `#/components/schemas/<schemaName>`. */
  validateSchema(schemaName: string, value: unknown): ValidationResult;
  /**
   * Validate a response body against the schema the spec declares for `method path → status (mediaType)`. `path`
   * may be a template or a concrete path. A status without content must come with an empty body (`undefined`,
   * `null` or `""`). For `text/event-stream`, pass one event's parsed `data`.
   */
  validateResponseBody(
    method: string,
    path: string,
    status: number | string,
    mediaType: string | undefined,
    body: unknown,
  ): ValidationResult;
  /** The spec's path template for a concrete request path (`/v1/files/file_1` → `/v1/files/{file_id}`). */
  matchPathTemplate(path: string): string | undefined;
}

const SPEC_ID = "openapi-document";

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function createAjv(spec: Spec): Ajv2020 {
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

const escapePointer = (token: string) => token.replaceAll("~", "~0").replaceAll("/", "~1");

function located(errors: ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === "additionalProperties" ? ` ('${e.params.additionalProperty}')` : "";
    return { pointer: e.instancePath, message: `${e.message ?? e.keyword}${extra}` };
  });
}

const valid: ValidationResult = { valid: true, errors: [], violations: [] };

/** A problem with the exchange as a whole (an undeclared status or media type), not inside the value. */
function problem(message: string): ValidationResult {
  return { valid: false, errors: [message], violations: [{ message }] };
}

export function createSpecValidator(spec: Spec): SpecValidator {
  let ajv: Ajv2020 | undefined;
  const cache = new Map<string, ValidateFunction>();
  const templates = Object.keys(spec.paths ?? {}).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
    literal: template.replace(/\{[^}]+\}/g, "").length,
  }));

  function run(pointer: string, value: unknown, root: string): ValidationResult {
    let validate = cache.get(pointer);
    if (!validate) {
      ajv ??= createAjv(spec);
      validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
      if (!validate) throw new Error(`No schema at ${pointer} in the spec`);
      cache.set(pointer, validate);
    }
    if (validate(value)) return valid;
    const violations = located(validate.errors);
    return { valid: false, errors: violations.map((v) => `${root}${v.pointer ?? ""} ${v.message}`), violations };
  }

  function matchPathTemplate(path: string): string | undefined {
    const pathname = path.split("?")[0]!;
    if (spec.paths?.[pathname]) return pathname;
    // The most specific template wins: `/v1/things/{id}:cancel` over `/v1/things/{id}` for `/v1/things/7:cancel`.
    return templates.filter(({ pattern }) => pattern.test(pathname)).sort((a, b) => b.literal - a.literal)[0]?.template;
  }

  return {
    matchPathTemplate,
    validateSchema(schemaName, value) {
      if (!spec.components?.schemas?.[schemaName]) {
        return problem(`schema '${schemaName}' is not defined in the spec`);
      }
      return run(`/components/schemas/${escapePointer(schemaName)}`, value, schemaName);
    },
    validateResponseBody(method, path, status, mediaType, body) {
      const where = `${method.toUpperCase()} ${path} → ${status}`;
      const template = matchPathTemplate(path);
      const operation = template ? spec.paths[template]?.[method.toLowerCase()] : undefined;
      if (!template || !operation) return problem(`${where}: operation not in the spec`);
      const declared = [String(status), `${String(status)[0]}XX`, "default"].find((key) => operation.responses?.[key]);
      if (!declared) return problem(`${where}: status not declared for this operation`);
      let responsePointer = `/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${declared}`;
      let response: Spec | undefined = operation.responses[declared];
      if (typeof response?.$ref === "string") {
        responsePointer = response.$ref.slice(1);
        response = responsePointer
          .split("/")
          .slice(1)
          .reduce<Spec | undefined>((node, token) => node?.[token.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
        if (!response) return problem(`${where}: dangling $ref ${responsePointer}`);
      }
      const content: Spec | undefined = response?.content;
      if (!content || Object.keys(content).length === 0) {
        const empty = body === undefined || body === null || body === "";
        return empty ? valid : problem(`${where}: declares no body but one was sent`);
      }
      const essence = mediaType?.split(";")[0]?.trim().toLowerCase();
      if (!essence || !content[essence]) {
        return problem(
          `${where}: media type '${mediaType}' not declared (declared: ${Object.keys(content).join(", ")})`,
        );
      }
      if (!content[essence].schema) return valid;
      return run(`${responsePointer}/content/${escapePointer(essence)}/schema`, body, "body");
    },
  };
}
