/**
 * Prism as an in-process contract engine: routes a request to an operation of the effective spec, validates
 * params, headers and body against it, and negotiates the response (`Prefer: code=…, example=…, dynamic=…`).
 */
import { createRequire } from "node:module";
import { BoundedMap } from "../stores/bounded-map.ts";
import { loadOperations, type PrismOperation } from "./spec.ts";

const require = createRequire(import.meta.url);
const prismHttp = require("@stoplight/prism-http") as typeof import("@stoplight/prism-http");
// Router and mocker are not re-exported; wrapping them is how we learn which operation Prism matched and how
// static negotiation is memoised.
const prismRoute = (require("@stoplight/prism-http/dist/router") as { default: PrismRoute }).default;
const prismMock = (require("@stoplight/prism-http/dist/mocker") as { default: PrismMock }).default;

type PrismComponents = Parameters<typeof prismHttp.createInstance>[1];
type PrismRoute = NonNullable<PrismComponents["route"]>;
type PrismMock = NonNullable<PrismComponents["mock"]>;
type PrismInput = Parameters<PrismRoute>[0]["input"];

export interface EngineRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text of other media types, or undefined when there is no body. */
  body: unknown;
}

export interface Violation {
  /** Where the problem is, e.g. `["body", "messages", "0", "role"]` or `["query", "limit"]`. */
  location: string[];
  message: string;
  /** The JSON Schema keyword that failed (`type`, `required`, `enum`, `maximum`, …), when the schema said. */
  keyword?: string;
}

export type EngineResult =
  | { kind: "no-route"; status: 404 | 405; message: string; allow?: string[] }
  | { kind: "invalid"; operation: PrismOperation; violations: Violation[] }
  | {
      kind: "ok";
      operation: PrismOperation;
      status: number;
      headers: Record<string, string>;
      body: unknown;
    };

export interface Engine {
  handle(request: EngineRequest): Promise<EngineResult>;
}

/** Prism wants a pino logger; the mock keeps its own request log, so every level is a no-op here. */
function silentLogger(): PrismComponents["logger"] {
  const noop = () => {};
  const logger: Record<string, unknown> = {};
  for (const level of ["trace", "debug", "info", "warn", "error", "fatal", "success", "silent"]) logger[level] = noop;
  logger.child = () => logger;
  return logger as unknown as PrismComponents["logger"];
}

interface Preferences {
  code?: number;
  exampleKey?: string;
  dynamic?: boolean;
  seed?: string;
}

/** `Prefer: code=404, example=foo, dynamic=true, seed=7` (comma- or semicolon-separated, as Prism accepts). */
export function parsePrefer(header: string | undefined): { preferences: Preferences } | { error: string } {
  const preferences: Preferences = {};
  if (!header) return { preferences };
  for (const token of header.split(/[,;]/)) {
    const [rawKey, ...rest] = token.split("=");
    const key = rawKey?.trim().toLowerCase();
    const value = rest
      .join("=")
      .trim()
      .replace(/^"(.*)"$/, "$1");
    if (!key) continue;
    if (key === "code") {
      if (!/^\d{3}$/.test(value)) return { error: `Prefer: code must be a 3-digit status, got '${value}'` };
      preferences.code = Number(value);
    } else if (key === "example") preferences.exampleKey = value;
    else if (key === "dynamic") {
      if (value !== "true" && value !== "false") return { error: `Prefer: dynamic must be true or false` };
      preferences.dynamic = value === "true";
    } else if (key === "seed") preferences.seed = value;
  }
  return { preferences };
}

function toViolation(diagnostic: { path?: (string | number)[]; message: string; code?: string | number }): Violation {
  if (diagnostic.code === 415 || diagnostic.code === "415") {
    return { location: ["header", "content-type"], message: diagnostic.message };
  }
  const location = (diagnostic.path ?? ["request"]).map(String);
  const keyword = typeof diagnostic.code === "string" && diagnostic.code ? { keyword: diagnostic.code } : {};
  return { location, message: diagnostic.message, ...keyword };
}

/** xAI's words for a path no operation serves (captured 2025-07, litellm's NotFoundError). */
export const NO_ROUTE_MESSAGE =
  "No handler found on route. Please double check your URL and consult https://api.x.ai/docs for more information.";

/**
 * api.x.ai ignores `Accept` (openai-node's `files.content()` sends `application/binary`, browsers and other SDKs send anything from
 * wildcards to `text/event-stream`), so it plays no part in negotiation here either: what is sent depends on the request body
 * (`stream: true`) and the operation.
 */
function withoutAccept(headers: Record<string, string>): Record<string, string> {
  if (headers.accept === undefined) return headers;
  const { accept: _ignored, ...rest } = headers;
  return rest;
}

type PrismConfig = Parameters<typeof prismHttp.createInstance>[0];

function baseConfig(mock: PrismConfig["mock"]): PrismConfig {
  // Security is enforced by the mock's own bearer check, before the body is read; responses are checked by tests.
  return {
    isProxy: false,
    upstreamProxy: undefined,
    validateRequest: true,
    validateResponse: false,
    checkSecurity: false,
    errors: false,
    mock,
  };
}

/**
 * Prism reads a multipart body into one string per part name, so a property that is an array of files (the skill
 * upload's `files`, sent as repeated parts, as OpenAPI sends arrays in multipart) fails "must be array". Telling it
 * to read such a property in the form style, exploded, gives it the list it checks. The mock parses the parts itself.
 */
function readRepeatedFileParts(operations: PrismOperation[]): PrismOperation[] {
  for (const content of operations.flatMap((op) => op.request?.body?.contents ?? [])) {
    if (content.mediaType !== "multipart/form-data") continue;
    const properties = (content.schema as { properties?: Record<string, any> } | undefined)?.properties ?? {};
    for (const [property, schema] of Object.entries(properties)) {
      if (schema?.type !== "array" || schema.items?.format !== "binary") continue;
      if (content.encodings?.some((encoding) => encoding.property === property)) continue;
      content.encodings = [...(content.encodings ?? []), { property, style: "form" as never, explode: true }];
    }
  }
  return operations;
}

/**
 * Prism matches the URL against an operation's path template (parsing the template anew) whenever the operation has
 * a path-parameter list, even an empty one; for an operation without path parameters there is nothing to check.
 */
function withoutEmptyPathParameters(operations: PrismOperation[]): PrismOperation[] {
  for (const operation of operations) {
    if (operation.request?.path?.length === 0) delete operation.request.path;
  }
  return operations;
}

/** `specText`: the OpenAPI document to serve, as JSON text; by default the effective spec. */
export async function createEngine(options: { seed?: string; specText?: string } = {}): Promise<Engine> {
  const operations = withoutEmptyPathParameters(readRepeatedFileParts(await loadOperations(options.specText)));
  const matched = new WeakMap<PrismInput, PrismOperation>();
  // Prism scores every operation against the path on each request; the answer only depends on method + path.
  const routes = new BoundedMap<string, ReturnType<PrismRoute>>(2_000);
  const route: PrismRoute = (routeArgs) => {
    const key = `${routeArgs.input.method} ${routeArgs.input.url.path}`;
    let result = routes.get(key);
    if (!result) {
      result = prismRoute(routeArgs);
      routes.set(key, result);
    }
    if (result._tag === "Right") matched.set(routeArgs.input, result.right);
    return result;
  };
  // Static negotiation (no dynamic=true, valid input) is a pure function of the operation, the preferred code and
  // example, and the Accept header: negotiate once, then reuse Prism's answer.
  const negotiated = new BoundedMap<string, ReturnType<ReturnType<PrismMock>>>(2_000);
  const mock: PrismMock = (mockArgs) => {
    const { resource, input, config } = mockArgs;
    if (config.dynamic || input.validations.length > 0) return prismMock(mockArgs);
    const key = JSON.stringify([resource.id, config.code ?? null, config.exampleKey ?? null]);
    return (logger) => {
      let answer = negotiated.get(key);
      if (!answer) {
        answer = prismMock(mockArgs)(logger);
        negotiated.set(key, answer);
      }
      return answer;
    };
  };
  const prism = prismHttp.createInstance(baseConfig({ dynamic: false }), { logger: silentLogger(), route, mock });

  const templates = operations.map((op) => ({
    method: op.method.toUpperCase(),
    pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));
  const allowedMethods = (path: string) => templates.filter((t) => t.pattern.test(path)).map((t) => t.method);

  return {
    async handle(request) {
      const prefer = parsePrefer(request.headers.prefer);
      const input: PrismInput = {
        method: request.method.toLowerCase() as PrismInput["method"],
        url: { path: request.path, query: request.query },
        headers: withoutAccept(request.headers),
        body: request.body,
      };
      // Prism mutates the mock config (it stores the Accept media types there): a fresh one per request.
      const mock = { dynamic: false, seed: options.seed, ...("preferences" in prefer ? prefer.preferences : {}) };
      const result = await prism.request(input, operations, baseConfig(mock))();
      if (result._tag === "Left") {
        const error = result.left as Error & {
          status?: number;
          detail?: string;
          additional?: { validation?: { location?: string[]; message: string; code?: string | number }[] };
        };
        if (error.status === 405) {
          return {
            kind: "no-route",
            status: 405,
            message: error.detail ?? error.message,
            allow: allowedMethods(request.path),
          };
        }
        const operation = matched.get(input);
        if (operation) {
          // Invalid input on an operation that declares no 400/422 comes back as Prism's own problem+json.
          const listed = error.additional?.validation?.map((v) => toViolation({ ...v, path: v.location }));
          const violations = listed?.length
            ? listed
            : [{ location: ["request"], message: error.detail ?? error.message }];
          if (error.status === 415) violations[0]!.location = ["header", "content-type"];
          return { kind: "invalid", operation, violations };
        }
        return { kind: "no-route", status: 404, message: NO_ROUTE_MESSAGE };
      }
      const operation = matched.get(input)!;
      const violations = result.right.validations.input.filter((v) => v.severity === 0).map(toViolation);
      if ("error" in prefer) violations.push({ location: ["header", "prefer"], message: prefer.error });
      if (violations.length > 0) return { kind: "invalid", operation, violations };
      const { output } = result.right;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(output.headers ?? {})) headers[name.toLowerCase()] = String(value);
      return { kind: "ok", operation, status: output.statusCode, headers, body: output.body };
    },
  };
}
