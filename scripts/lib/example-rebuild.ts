/**
 * The rule `rebuild-invalid-examples`: a media-type example that fails its own schema is rebuilt in the
 * effective spec, so the mock (which serves examples as answers) never answers with something a client
 * would reject. Rebuilding only repairs shape drift: a missing required field is filled with a value the
 * spec itself gives (the schema's const, default, examples or enum, the value upstream's other examples
 * give for the same schema or field name, or the empty value the schema allows: null, []), and a
 * property the schema does not declare is dropped. It never invents a value: when a required field has
 * no such value the example is dropped instead. A present value that contradicts its schema (wrong type,
 * unknown enum value) is left alone and reported, because the schema may be what is wrong.
 */
import { childPointer, nodeAt, pointerTokens, toJsonPath, toPointer, walkObjects } from "./json-pointer.ts";
import type { LintProblem } from "./lint.ts";
import { type Finding, REBUILD_EXAMPLES } from "./rules.ts";
import { isObject, jsonType, type SchemaAt, SchemaWalker } from "./schema-walk.ts";

type Json = Record<string, any>;

/** A problem with one example that the rule does not cover. */
export interface ExampleProblem {
  pointer: string;
  message: string;
  fix: string;
}

export interface ExampleRebuild {
  findings: Finding[];
  /** One per invalid example the rule does not cover (it replaces that example's lint errors). */
  problems: ExampleProblem[];
  /** Lint errors that are not about a media-type example the rule looked at. */
  otherErrors: LintProblem[];
  /** Rebuilt examples, to be re-checked by the linter: pointer → the original value. */
  rebuilt: Map<string, unknown>;
}

interface MediaTypeExample {
  /** Pointer of the example value (`…/example` or `…/examples/<name>/value`). */
  pointer: string;
  mediaType: string;
  /** Set for a named example: its key under `examples`. */
  name?: string;
}

const MAX_FILL_DEPTH = 6;

/** Every inline media-type example in the spec (request bodies, responses, parameters, components). */
export function mediaTypeExamples(spec: Json): MediaTypeExample[] {
  const found: MediaTypeExample[] = [];
  const collect = (node: Json, tokens: string[]) => {
    if (!isObject(node.content) || tokens.at(-1) === "properties") return;
    for (const [media, mediaType] of Object.entries<Json>(node.content)) {
      if (!isObject(mediaType) || !mediaType.schema) continue;
      const at = [...tokens, "content", media];
      if (mediaType.example !== undefined)
        found.push({ pointer: toPointer([...at, "example"]), mediaType: toPointer(at) });
      for (const [name, example] of Object.entries<Json>(isObject(mediaType.examples) ? mediaType.examples : {})) {
        if (isObject(example) && "value" in example && example.$ref === undefined) {
          found.push({ pointer: toPointer([...at, "examples", name, "value"]), mediaType: toPointer(at), name });
        }
      }
    }
  };
  walkObjects(spec.paths, ["paths"], collect);
  walkObjects(spec.components, ["components"], collect);
  return found;
}

const isWithin = (pointer: string, root: string) => pointer === root || pointer.startsWith(`${root}/`);

/** Human-readable location inside an example: `choices[0].message.role`. */
function fieldPath(tokens: readonly (string | number)[]): string {
  return tokens.reduce<string>(
    (path, token) => (typeof token === "number" ? `${path}[${token}]` : path ? `${path}.${token}` : token),
    "",
  );
}

interface Observed {
  value: unknown;
  pointer: string;
}

/**
 * Values upstream's examples give, by schema node and by field name, in document order. An invalid example
 * still carries realistic values for its other fields; every use checks that the value fits.
 */
class ObservedValues {
  readonly bySchema = new Map<Json, Observed[]>();
  readonly byName = new Map<string, Observed[]>();

  constructor(
    private readonly walker: SchemaWalker,
    spec: Json,
    examples: MediaTypeExample[],
  ) {
    for (const example of examples) {
      const schema = nodeAt(spec, example.mediaType).schema;
      this.observe(
        nodeAt(spec, example.pointer),
        walker.resolve(schema, childPointer(example.mediaType, "schema")),
        example.pointer,
      );
    }
  }

  private observe(value: unknown, at: SchemaAt, pointer: string, depth = 0): void {
    if (depth > 16 || value === undefined) return;
    this.bySchema.set(at.node, [...(this.bySchema.get(at.node) ?? []), { value, pointer }]);
    const branch = this.walker.chooseBranch(value, at);
    if (branch) this.observe(value, branch, pointer, depth + 1);
    for (const member of this.walker.allOf(at)) this.observe(value, member, pointer, depth + 1);
    if (Array.isArray(value) && at.node.items) {
      const items = this.walker.resolve(at.node.items, childPointer(at.pointer, "items"));
      for (const [i, item] of value.entries()) this.observe(item, items, childPointer(pointer, i), depth + 1);
    }
    if (!isObject(value)) return;
    const view = this.walker.objectView(at);
    for (const [name, property] of view.properties) {
      if (!(name in value)) continue;
      const seen = { value: value[name], pointer: childPointer(pointer, name) };
      this.byName.set(name, [...(this.byName.get(name) ?? []), seen]);
      this.observe(value[name], property, seen.pointer, depth + 1);
    }
  }
}

interface Repair {
  /** Only check: a missing required field counts against the value instead of being filled. */
  checkOnly?: boolean;
  filled: string[];
  dropped: string[];
  conflicts: { field: string; tokens: (string | number)[]; message: string; schema: string }[];
  unfillable: { field: string; schema: string }[];
}

class ExampleRepairer {
  constructor(
    private readonly walker: SchemaWalker,
    private readonly observed: ObservedValues,
  ) {}

  /** A copy of `value` repaired towards `at`; what was done is recorded in `repair`. */
  repair(value: unknown, at: SchemaAt, tokens: (string | number)[], repair: Repair): unknown {
    const field = fieldPath(tokens) || "(the example)";
    if (!this.walker.admitsType(value, at)) {
      const types = [...(this.walker.types(at) ?? [])].filter(
        (t) => !(t === "integer" && this.walker.types(at)?.has("number")),
      );
      repair.conflicts.push({
        field,
        tokens,
        message: `is ${jsonType(value)}, the schema allows ${types.join(" | ")}`,
        schema: at.pointer,
      });
      return value;
    }
    const pinned = SchemaWalker.pinned(at.node);
    if (pinned && pinned.value !== value) {
      repair.conflicts.push({
        field,
        tokens,
        message: `is ${JSON.stringify(value)}, the schema requires ${JSON.stringify(pinned.value)}`,
        schema: at.pointer,
      });
      return value;
    }
    if (!pinned && Array.isArray(at.node.enum) && !at.node.enum.includes(value)) {
      repair.conflicts.push({
        field,
        tokens,
        message: `is ${JSON.stringify(value)}, not one of ${at.node.enum.map((v: unknown) => JSON.stringify(v)).join(", ")}`,
        schema: at.pointer,
      });
      return value;
    }
    const branch = this.walker.chooseBranch(value, at);
    if (this.walker.branches(at).length > 0 && !branch) {
      repair.conflicts.push({
        field,
        tokens,
        message: "matches none of the schema's alternatives",
        schema: at.pointer,
      });
      return value;
    }
    if (branch && !isObject(value)) return this.repair(value, branch, tokens, repair);
    if (Array.isArray(value)) {
      if (!at.node.items) return value;
      const items = this.walker.resolve(at.node.items, childPointer(at.pointer, "items"));
      return value.map((item, i) => this.repair(item, items, [...tokens, i], repair));
    }
    if (!isObject(value)) return value;

    // A branch may itself be a composite (oneOf inside oneOf): repair against the innermost object branch.
    if (branch && this.walker.branches(branch).length > 0) return this.repair(value, branch, tokens, repair);
    const view = this.walker.objectView(at, branch);
    const result: Json = {};
    for (const [name, item] of Object.entries(value)) {
      const declared = view.properties.get(name) ?? (view.extra === "any" ? undefined : view.extra);
      if (declared) result[name] = this.repair(item, declared, [...tokens, name], repair);
      else if (view.extra === "any") result[name] = item;
      else repair.dropped.push(fieldPath([...tokens, name]));
    }
    for (const name of view.required) {
      if (name in result) continue;
      const property = view.properties.get(name) ?? { node: {}, pointer: at.pointer, via: [] };
      const fill = repair.checkOnly ? undefined : this.fill(property, name, 0);
      const where = fieldPath([...tokens, name]);
      if (!fill) {
        repair.unfillable.push({ field: where, schema: property.pointer });
        continue;
      }
      result[name] = fill.value;
      repair.filled.push(`\`${where}\` = ${JSON.stringify(fill.value)} (${fill.source})`);
    }
    return result;
  }

  /** A realistic value for a missing required field, taken from the spec; undefined when there is none. */
  fill(at: SchemaAt, name: string, depth: number): { value: unknown; source: string } | undefined {
    if (depth > MAX_FILL_DEPTH) return undefined;
    for (const node of [...at.via, at.node]) {
      const pinned = SchemaWalker.pinned(node);
      if (pinned) return { value: pinned.value, source: "its const" };
      if (node.default !== undefined) return { value: node.default, source: "its default" };
      if (Array.isArray(node.examples) && node.examples.length > 0)
        return { value: node.examples[0], source: "its examples" };
      if (node.example !== undefined) return { value: node.example, source: "its example" };
    }
    const seen = this.observedFor(at);
    if (seen) return { value: structuredClone(seen.value), source: `as in ${seen.pointer}` };
    const sameName = (this.observed.byName.get(name) ?? []).find((o) => this.fits(o.value, at));
    if (sameName) return { value: structuredClone(sameName.value), source: `\`${name}\` as in ${sameName.pointer}` };

    const branches = this.walker.branches(at);
    const concrete = branches.filter((b) => !(this.walker.types(b)?.size === 1 && this.walker.types(b)?.has("null")));
    for (const branch of concrete) {
      const value = this.observedFor(branch);
      if (value) return { value: structuredClone(value.value), source: `as in ${value.pointer}` };
    }
    const types = this.walker.types(at);
    if (Array.isArray(at.node.enum)) {
      const value = at.node.enum.find((v: unknown) => v !== null);
      if (value !== undefined) return { value, source: "first value of its enum" };
    }
    if (types?.has("null") || concrete.length < branches.length)
      return { value: null, source: "null, which it allows" };
    for (const branch of concrete) {
      const value = this.fill(branch, name, depth + 1);
      if (value) return value;
    }
    if (types?.has("array") && !(at.node.minItems > 0)) return { value: [], source: "empty, which it allows" };
    if (types?.has("object")) {
      const view = this.walker.objectView(at);
      const value: Json = {};
      for (const required of view.required) {
        const property = view.properties.get(required);
        const fill = property && this.fill(property, required, depth + 1);
        if (!fill) return undefined;
        value[required] = fill.value;
      }
      return { value, source: view.required.size ? "built from its required fields" : "empty object" };
    }
    return undefined;
  }

  private observedFor(at: SchemaAt): Observed | undefined {
    return (this.observed.bySchema.get(at.node) ?? []).find((o) => this.fits(o.value, at));
  }

  /** Whether a value seen elsewhere satisfies this schema's shape as it is. */
  private fits(value: unknown, at: SchemaAt): boolean {
    const repair: Repair = { checkOnly: true, filled: [], dropped: [], conflicts: [], unfillable: [] };
    this.repair(value, at, [], repair);
    return repair.conflicts.length + repair.dropped.length + repair.unfillable.length === 0;
  }
}

/** Pointer of the example a lint problem is about (the longest example pointer containing it). */
function exampleOf(problem: LintProblem, examples: MediaTypeExample[]): MediaTypeExample | undefined {
  const pointer = problem.pointer.startsWith("#") ? problem.pointer : `#${problem.pointer}`;
  let best: MediaTypeExample | undefined;
  for (const example of examples) {
    if (isWithin(pointer, example.pointer) && (!best || example.pointer.length > best.pointer.length)) best = example;
  }
  return best;
}

function setExample(spec: Json, example: MediaTypeExample, value: unknown): void {
  const mediaType = nodeAt(spec, example.mediaType);
  if (example.name === undefined) {
    if (value === undefined) delete mediaType.example;
    else mediaType.example = value;
    return;
  }
  if (value !== undefined) {
    mediaType.examples[example.name].value = value;
    return;
  }
  delete mediaType.examples[example.name];
  if (Object.keys(mediaType.examples).length === 0) delete mediaType.examples;
}

/**
 * Rebuilds (in `spec`, in place) every example the linter found invalid, when the rule covers its defect.
 * Rebuilt examples must then be re-checked by the linter (see `confirmRebuilds`).
 */
export function rebuildInvalidExamples(spec: Json, lintErrors: LintProblem[]): ExampleRebuild {
  const examples = mediaTypeExamples(spec);
  const errorsByExample = new Map<MediaTypeExample, LintProblem[]>();
  const result: ExampleRebuild = { findings: [], problems: [], otherErrors: [], rebuilt: new Map() };
  for (const problem of lintErrors) {
    const example = problem.ruleId === "no-invalid-media-type-examples" ? exampleOf(problem, examples) : undefined;
    if (example) errorsByExample.set(example, [...(errorsByExample.get(example) ?? []), problem]);
    else result.otherErrors.push(problem);
  }
  if (errorsByExample.size === 0) return result;

  const walker = new SchemaWalker(spec);
  const repairer = new ExampleRepairer(walker, new ObservedValues(walker, spec, examples));
  const finding = (pointer: string, message: string) =>
    result.findings.push({ rule: REBUILD_EXAMPLES.name, pointer, message });

  for (const [example, errors] of errorsByExample) {
    const original = nodeAt(spec, example.pointer);
    const schema = walker.resolve(nodeAt(spec, example.mediaType).schema, childPointer(example.mediaType, "schema"));
    const repair: Repair = { filled: [], dropped: [], conflicts: [], unfillable: [] };
    const rebuilt = repairer.repair(original, schema, [], repair);
    if (repair.conflicts.length > 0) {
      result.problems.push(conflictProblem(spec, example, repair.conflicts, errors));
      continue;
    }
    if (repair.unfillable.length > 0) {
      setExample(spec, example, undefined);
      const fields = repair.unfillable.map((u) => `\`${u.field}\``).join(", ");
      finding(
        example.pointer,
        `dropped: required ${fields} has no value anywhere in the spec (no const, default, example, enum or other example gives one); the mock now builds this answer from the schema`,
      );
      continue;
    }
    setExample(spec, example, rebuilt);
    result.rebuilt.set(example.pointer, original);
    const done = [
      ...(repair.filled.length ? [`filled ${repair.filled.join(", ")}`] : []),
      ...(repair.dropped.length ? [`dropped undeclared ${repair.dropped.map((d) => `\`${d}\``).join(", ")}`] : []),
    ];
    finding(example.pointer, `rebuilt: ${done.join("; ") || "re-serialised"}`);
  }
  return result;
}

function conflictProblem(
  spec: Json,
  example: MediaTypeExample,
  conflicts: Repair["conflicts"],
  errors: LintProblem[],
): ExampleProblem {
  const first = conflicts[0]!;
  const examplePath = childPointer(example.pointer, ...first.tokens);
  return {
    pointer: example.pointer,
    message: `example fails its schema, with values the schema forbids: ${conflicts
      .map((c) => `\`${c.field}\` ${c.message} (schema ${c.schema})`)
      .join("; ")} [${errors.length} lint error(s)]`,
    fix:
      `if the API really sends this, widen the schema (Schema fix, target ${toJsonPath(spec, first.schema)}); ` +
      `otherwise correct the example (Example fix, target ${toJsonPath(spec, examplePath)})`,
  };
}

/**
 * A small document holding each rebuilt example under a path of its own, with its media type's schema and the
 * spec's component schemas: the linter checks it at a fraction of the cost of the whole spec.
 */
function recheckDocument(spec: Json, examples: MediaTypeExample[]): { doc: Json; pointers: string[] } {
  const paths: Json = {};
  const pointers = examples.map((example, index) => {
    const tokens = pointerTokens(example.mediaType);
    const media = tokens.at(-1)!;
    const mediaType = { schema: nodeAt(spec, example.mediaType).schema, example: nodeAt(spec, example.pointer) };
    const path = `/rebuilt/${index}`;
    // Requests and responses are validated differently (readOnly/writeOnly), so each keeps its side.
    const inRequest = tokens.some((t) => t === "requestBody" || t === "requestBodies" || t === "parameters");
    const at = inRequest ? ["post", "requestBody", "content", media] : ["get", "responses", "200", "content", media];
    paths[path] = inRequest
      ? { post: { requestBody: { content: { [media]: mediaType } }, responses: { "200": { description: "ok" } } } }
      : { get: { responses: { "200": { description: "ok", content: { [media]: mediaType } } } } };
    return toPointer(["paths", path, ...at, "example"]);
  });
  const doc = {
    openapi: spec.openapi,
    info: spec.info,
    jsonSchemaDialect: spec.jsonSchemaDialect,
    paths,
    components: { schemas: spec.components?.schemas ?? {} },
  };
  return { doc, pointers };
}

/**
 * Has the linter re-check every rebuilt example (`lintExamples`: its example rule on a document), and
 * restores each rebuild it still rejects, turning it into a problem.
 */
export async function confirmRebuilds(
  spec: Json,
  rebuild: ExampleRebuild,
  lintExamples: (doc: Json) => Promise<LintProblem[]>,
): Promise<void> {
  if (rebuild.rebuilt.size === 0) return;
  const examples = mediaTypeExamples(spec).filter((e) => rebuild.rebuilt.has(e.pointer));
  const { doc, pointers } = recheckDocument(spec, examples);
  const errors = await lintExamples(doc);
  for (const [index, example] of examples.entries()) {
    const failures = errors.filter((e) =>
      isWithin(e.pointer.startsWith("#") ? e.pointer : `#${e.pointer}`, pointers[index]!),
    );
    if (failures.length === 0) continue;
    setExample(spec, example, rebuild.rebuilt.get(example.pointer));
    rebuild.findings = rebuild.findings.filter((f) => f.pointer !== example.pointer);
    rebuild.problems.push({
      pointer: example.pointer,
      message: `example fails its schema and the rebuilt example still does: ${failures.map((f) => f.message).join(" ")}`,
      fix: `correct the example by hand (Example fix, target ${toJsonPath(spec, example.pointer)}) or the schema it fails`,
    });
  }
}

const PLACEHOLDERS = new Set(["...", "…", "string"]);

/**
 * Response examples are what the mock answers with, so a placeholder value in one (`"url": "..."`) is a
 * defect even when it satisfies the schema; only a human can supply the realistic value.
 */
export function placeholderProblems(spec: Json): ExampleProblem[] {
  const problems: ExampleProblem[] = [];
  const visit = (value: unknown, pointer: string) => {
    if (typeof value === "string" && PLACEHOLDERS.has(value.trim())) {
      problems.push({
        pointer,
        message: `response example carries the placeholder ${JSON.stringify(value)}; the mock would answer with it`,
        fix: `write the realistic value (Example fix, target ${toJsonPath(spec, pointer)})`,
      });
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) visit(item, childPointer(pointer, key));
    }
  };
  for (const example of mediaTypeExamples(spec)) {
    if (pointerTokens(example.mediaType).includes("responses")) visit(nodeAt(spec, example.pointer), example.pointer);
  }
  return problems;
}

/**
 * A 2xx JSON answer without an example: the mock then builds it from the schema (`"string"`, `0`) unless one of
 * its behaviours answers that operation. Reported as a warning so a maintainer sees which new operations need one.
 */
export function missingResponseExamples(spec: Json): LintProblem[] {
  const warnings: LintProblem[] = [];
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      for (const [status, response] of Object.entries<Json>(
        isObject(operation?.responses) ? operation.responses : {},
      )) {
        const media = status.startsWith("2") ? response?.content?.["application/json"] : undefined;
        if (!media || media.example !== undefined || media.examples !== undefined) continue;
        warnings.push({
          ruleId: "response-example-missing",
          severity: "warn",
          message: `the ${status} answer has no example: the mock builds it from the schema unless a behaviour answers it`,
          pointer: toPointer(["paths", path, method, "responses", status, "content", "application/json"]),
        });
      }
    }
  }
  return warnings;
}
