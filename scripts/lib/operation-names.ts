/**
 * The client's method names: openapi/operation-names.yaml maps each operationId to a resource path and a method
 * (`handle_list_skills_request: skills.list` → `xai.skills.list()`); an operation the map does not name yet gets
 * the name its path implies (`defaultName`). The result is checked as a whole — every entry names an operation of
 * the spec, no two operations share a method, no method has a resource's name — so the client derived from it
 * (src/resources/derive.ts) can be built without hand-written code for a plain operation.
 */
import { parse as parseYaml } from "yaml";
import { toPointer } from "./json-pointer.ts";
import type { OperationEntry } from "./operation-table.ts";
import type { Problem } from "./problems.ts";
import { type Finding, OPERATION_NAME_DEFAULT } from "./rules.ts";

/** One client method: the operation it calls and where it sits (`["files", "publicUrl", "create"]`). */
export interface ResourceMethod {
  operation: OperationEntry;
  /** Resource path, then the method's name. */
  name: string[];
}

export interface OperationNames {
  methods: ResourceMethod[];
  /** Operations named by their path (the map does not name them): listed in the spec:update report. */
  findings: Finding[];
  /** Entries that cannot be used, each naming itself and the fix; any one of them blocks generate and spec:update. */
  problems: Problem[];
}

const IDENTIFIER = /^[a-z][A-Za-z0-9]*$/;
/**
 * Names a resource or method cannot take: `raw` is the openapi-fetch client on `xai`; `core` is the state every
 * resource holds; `then` would make a resource look like a promise to `await`; the rest are Object.prototype's.
 */
const RESERVED = new Set(["raw", "core", "then", "constructor", "prototype", "__proto__", "toString", "valueOf"]);

/** `input_items`, `public-url` → `inputItems`, `publicUrl`. */
export function camelCase(segment: string): string {
  return segment.replace(/[-_]+([A-Za-z0-9])/g, (_, next: string) => next.toUpperCase());
}

/**
 * The name an operation gets from its path when the map does not name it: the path's fixed segments after the
 * version are the resources (kebab and snake case → camelCase; parameters become the method's arguments), and
 * the method is what the HTTP method does there — `GET /v1/things` → `things.list`, `POST /v1/things` →
 * `things.create`, `GET|PUT|PATCH|DELETE /v1/things/{id}` → `things.retrieve|update|update|delete`, a custom
 * method `POST /v1/things/{id}:cancel` → `things.cancel`. Undefined when the path has no fixed segment to name.
 */
export function defaultName(method: string, path: string): string[] | undefined {
  const segments = path
    .replace(/^\/v\d+(?=\/)/, "")
    .split("/")
    .filter(Boolean);
  const last = segments.at(-1) ?? "";
  const custom = /:([A-Za-z][\w-]*)$/.exec(last);
  if (custom) segments[segments.length - 1] = last.slice(0, custom.index);
  const resources = segments.filter((segment) => segment !== "" && !segment.startsWith("{")).map(camelCase);
  if (resources.length === 0) return undefined;
  if (custom) return [...resources, camelCase(custom[1]!)];
  const onItem = segments.at(-1)?.startsWith("{") ?? false;
  const verbs: Record<string, string> = onItem
    ? { get: "retrieve", put: "update", patch: "update", post: "update", delete: "delete" }
    : { get: "list", post: "create", put: "replace", patch: "update", delete: "deleteAll" };
  return [...resources, verbs[method] ?? method];
}

/**
 * Parses the map: operationId → dotted name. A file that is not such a map is one problem naming it (and every
 * operation falls back to its default name, so the rest of the report is still complete).
 */
export function parseOperationNames(text: string, source: string): { names: Map<string, string>; problems: Problem[] } {
  const names = new Map<string, string>();
  const problem = (message: string) => ({
    names,
    problems: [
      { source: "operation-names", pointer: "", message, fix: `write ${source} as \`operationId: things.list\` lines` },
    ],
  });
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    return problem(`${source} is not YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (doc === null || doc === undefined) return { names, problems: [] };
  if (typeof doc !== "object" || Array.isArray(doc)) return problem(`${source} is not a map of operationIds to names`);
  for (const [operationId, name] of Object.entries(doc)) {
    if (typeof name !== "string") {
      return problem(
        `${source}: ${operationId} must be named by a string (\`things.list\`), got ${JSON.stringify(name)}`,
      );
    }
    names.set(operationId, name);
  }
  return { names, problems: [] };
}

const operationPointer = (op: OperationEntry) => toPointer(["paths", op.path, op.method, "operationId"]);
const describeOp = (op: OperationEntry) => `${op.method.toUpperCase()} ${op.path} (${op.operationId})`;

/** Names every operation (the map's name, else the default) and checks the result; see `OperationNames`. */
export function nameOperations(
  operations: readonly OperationEntry[],
  map: ReadonlyMap<string, string>,
  source: string,
): OperationNames {
  const problems: Problem[] = [];
  const findings: Finding[] = [];
  const methods: ResourceMethod[] = [];
  const known = new Set(operations.map((op) => op.operationId));
  for (const operationId of map.keys()) {
    if (known.has(operationId)) continue;
    problems.push({
      source: "operation-names",
      pointer: "",
      message: `${source} names ${operationId}, which the spec no longer has`,
      fix: `remove the entry for ${operationId} from ${source} (or fix its operationId)`,
    });
  }
  for (const operation of operations) {
    const given = map.get(operation.operationId);
    const name = given === undefined ? defaultName(operation.method, operation.path) : given.split(".");
    const where = given === undefined ? `the default name of ${describeOp(operation)}` : `${source}: ${given}`;
    const bad = !name
      ? "its path has no fixed segment to name a resource after"
      : name.length < 2
        ? "a method needs a resource path and a name (`things.list`)"
        : name.find((part) => !IDENTIFIER.test(part) || RESERVED.has(part));
    if (bad !== undefined) {
      const part = name?.find((p) => !IDENTIFIER.test(p) || RESERVED.has(p));
      problems.push({
        source: "operation-names",
        pointer: operationPointer(operation),
        message: `${where} cannot be a client method: ${
          part === undefined
            ? bad
            : RESERVED.has(part)
              ? `"${part}" is reserved`
              : `"${part}" is not a camelCase identifier`
        }`,
        fix: `name ${operation.operationId} in ${source}: \`${operation.operationId}: things.list\``,
      });
      continue;
    }
    if (given === undefined) {
      findings.push({
        rule: OPERATION_NAME_DEFAULT.name,
        pointer: operationPointer(operation),
        message: `named xai.${name!.join(".")}() after its path; name it in ${source} to choose another`,
      });
    }
    methods.push({ operation, name: name! });
  }
  problems.push(...clashes(methods, source));
  return { methods, findings, problems };
}

/** Two operations on one method, or a method where another operation's resource is. */
function clashes(methods: readonly ResourceMethod[], source: string): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map<string, ResourceMethod>();
  const resources = new Map<string, ResourceMethod>();
  for (const method of methods) {
    for (let i = 1; i < method.name.length; i++) {
      const resource = method.name.slice(0, i).join(".");
      if (!resources.has(resource)) resources.set(resource, method);
    }
  }
  for (const method of methods) {
    const full = method.name.join(".");
    const other = byName.get(full);
    if (other) {
      problems.push({
        source: "operation-names",
        pointer: operationPointer(method.operation),
        message: `${describeOp(method.operation)} and ${describeOp(other.operation)} are both named xai.${full}()`,
        fix: `give one of them another name in ${source}`,
      });
      continue;
    }
    byName.set(full, method);
    const nested = resources.get(full);
    if (nested) {
      problems.push({
        source: "operation-names",
        pointer: operationPointer(method.operation),
        message: `xai.${full}() of ${describeOp(method.operation)} clashes with the resource xai.${full} of ${describeOp(nested.operation)}`,
        fix: `rename one of them in ${source}`,
      });
    }
  }
  return problems;
}
