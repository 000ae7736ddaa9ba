/**
 * Standing rules: upstream defects of a known, mechanical kind, handled the same way every time so a spec
 * update never waits on a hand-written correction for them. A rule only fills in what the document itself
 * (or a fact true of every xAI operation) determines; anything that needs evidence about the API's
 * behaviour is a correction in openapi/corrections.overlay.yaml instead. Rules run after the corrections,
 * on the effective spec, and everything they change is listed in the spec:update report.
 */
import { operationsOf } from "./integrity.ts";
import { toPointer, walkObjects } from "./json-pointer.ts";

type Json = Record<string, any>;

/** One change a rule made, at a JSON pointer into the effective spec. */
export interface Finding {
  rule: string;
  pointer: string;
  message: string;
}

export interface Rule {
  name: string;
  /** One line: the defect, and why this handling is right. */
  why: string;
}

interface StructuralRule extends Rule {
  /** Changes `spec` in place; one finding per change. */
  apply(spec: Json): Finding[];
}

const XAI_SERVER = "https://api.x.ai";
const DIALECT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
const COMPOSITIONS = ["allOf", "oneOf", "anyOf"] as const;
const ANNOTATIONS = new Set(["description", "title", "deprecated", "readOnly", "writeOnly"]);

const servers: StructuralRule = {
  name: "servers",
  why: "upstream declares no `servers` (redocly no-empty-servers); every xAI operation is served from https://api.x.ai",
  apply(spec) {
    if (Array.isArray(spec.servers) && spec.servers.length > 0) return [];
    spec.servers = [{ url: XAI_SERVER, description: "xAI production API" }];
    return [{ rule: this.name, pointer: "#/servers", message: `added ${XAI_SERVER}` }];
  },
};

const jsonSchemaDialect: StructuralRule = {
  name: "json-schema-dialect",
  why: "without `jsonSchemaDialect` Prism 5 validates as draft-07 and ignores `unevaluatedProperties`, `prefixItems`; OpenAPI 3.1 schemas are 2020-12",
  apply(spec) {
    if (spec.jsonSchemaDialect || !String(spec.openapi).startsWith("3.1")) return [];
    spec.jsonSchemaDialect = DIALECT_2020_12;
    return [{ rule: this.name, pointer: "#/jsonSchemaDialect", message: `declared ${DIALECT_2020_12}` }];
  },
};

/** `{oneOf: [X], description}` → X with the description: the same schema without the one-member wrapper. */
function unwrapped(node: Json): Json | undefined {
  const keyword = COMPOSITIONS.find((k) => Array.isArray(node[k]) && node[k].length === 1);
  if (!keyword) return undefined;
  if (COMPOSITIONS.some((k) => k !== keyword && k in node)) return undefined;
  const member = node[keyword][0];
  if (!member || typeof member !== "object" || Array.isArray(member)) return undefined;
  const outer = Object.fromEntries(Object.entries(node).filter(([k]) => k !== keyword));
  // The member's own annotations describe the inner type; the wrapper's describe this use of it and win.
  const clash = Object.keys(outer).some((k) => k in member && !ANNOTATIONS.has(k) && outer[k] !== member[k]);
  return clash ? undefined : { ...member, ...outer };
}

const singleMemberComposition: StructuralRule = {
  name: "single-member-composition",
  why: "a `oneOf`/`anyOf`/`allOf` of one schema is that schema (redocly no-illogical-composition-keywords); upstream's generator wraps refs and single-variant enums that way",
  apply(spec) {
    const findings: Finding[] = [];
    const unwrapAll = (obj: Json, tokens: string[]) => {
      for (let replacement = unwrapped(obj); replacement; replacement = unwrapped(obj)) {
        const keyword = COMPOSITIONS.find((k) => Array.isArray(obj[k]))!;
        for (const key of Object.keys(obj)) delete obj[key];
        Object.assign(obj, replacement);
        findings.push({
          rule: this.name,
          pointer: toPointer(tokens),
          message: `single-member \`${keyword}\` unwrapped`,
        });
      }
    };
    walkObjects(spec.paths, ["paths"], unwrapAll);
    walkObjects(spec.components, ["components"], unwrapAll);
    return findings;
  },
};

/** `handle_list_skills_request` → "List skills" (upstream names operations after their Rust handlers). */
function summaryFromOperationId(operationId: string): string {
  const words = operationId
    .replace(/^handle_/, "")
    .replace(/_request$/, "")
    .split(/[_\s]+|(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function firstSentence(text: string): string {
  return (text.split(/(?<=\.)\s/)[0] ?? text).replace(/\s+/g, " ").trim();
}

const operationSummary: StructuralRule = {
  name: "operation-summary",
  why: "an operation without a `summary` (redocly operation-summary) gets its description's first sentence, else its operationId in words; docs and the operation table need one",
  apply(spec) {
    const findings: Finding[] = [];
    for (const { method, path, operation } of operationsOf(spec)) {
      if (typeof operation.summary === "string" && operation.summary.trim()) continue;
      const summary =
        typeof operation.description === "string" && operation.description.trim()
          ? firstSentence(operation.description)
          : summaryFromOperationId(String(operation.operationId));
      operation.summary = summary;
      findings.push({
        rule: this.name,
        pointer: toPointer(["paths", path, method, "summary"]),
        message: `added "${summary}"`,
      });
    }
    return findings;
  },
};

const STRUCTURAL_RULES: readonly StructuralRule[] = [
  servers,
  jsonSchemaDialect,
  singleMemberComposition,
  operationSummary,
];

/** Applies every structural rule to `spec` in place, in order. */
export function applyStructuralRules(spec: Json): Finding[] {
  return STRUCTURAL_RULES.flatMap((rule) => rule.apply(spec));
}

export const REBUILD_EXAMPLES: Rule = {
  name: "rebuild-invalid-examples",
  why: "an example that fails its own schema makes the mock lie; missing required fields are filled from the spec's own values and forbidden properties dropped (re-checked), or the example is dropped when no realistic value exists. A value that contradicts its schema is not rebuilt: it may be the schema that is wrong",
};

export const OPERATION_NAME_DEFAULT: Rule = {
  name: "operation-name-default",
  why: "an operation openapi/operation-names.yaml does not name gets the client method its path implies (GET /v1/things → things.list, POST /v1/things/{id}:cancel → things.cancel), so a plain new operation has a typed method without hand-written code; naming it in the map chooses another",
};

/** Every standing rule, in the order they run. */
export const RULES: readonly Rule[] = [...STRUCTURAL_RULES, REBUILD_EXAMPLES, OPERATION_NAME_DEFAULT];
