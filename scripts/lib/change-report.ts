/**
 * What changed between two effective specs, per operation, from a client's point of view.
 *
 * Schemas are compared with $refs resolved. A pair of $refs already being compared further up
 * the same branch (a cycle, e.g. a tree-shaped schema) is not entered again, and the result of
 * comparing a pair of $refs is memoised, so shared components cost one comparison each.
 */

type Json = Record<string, any>;
type Direction = "request" | "response";

const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"] as const;

export interface OperationChange {
  /** "POST /v1/embeddings" */
  operation: string;
  operationId?: string;
  breaking: string[];
  nonBreaking: string[];
}

export interface ChangeReport {
  /** "GET /v1/things (listThings)" */
  added: string[];
  removed: string[];
  changed: OperationChange[];
}

interface Change {
  breaking: boolean;
  /** Field path relative to the schema being compared ("" for the schema itself). */
  path: string;
  message: string;
}

function operationsOf(spec: Json): Map<string, Json> {
  const ops = new Map<string, Json>();
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (item?.[method])
        ops.set(`${method.toUpperCase()} ${path}`, { ...item[method], pathParameters: item.parameters });
    }
  }
  return ops;
}

function label(key: string, op: Json): string {
  return op.operationId ? `${key} (${op.operationId})` : key;
}

class SpecComparer {
  private readonly memo = new Map<string, Change[]>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly oldSpec: Json,
    private readonly newSpec: Json,
  ) {}

  private static deref(spec: Json, node: unknown): Json | undefined {
    let current = node as Json | undefined;
    for (let hops = 0; current && typeof current.$ref === "string" && hops < 64; hops++) {
      if (!current.$ref.startsWith("#/")) return current;
      current = current.$ref
        .slice(2)
        .split("/")
        .reduce<any>((acc, key) => acc?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
    }
    return current;
  }

  oldNode(node: unknown): Json | undefined {
    return SpecComparer.deref(this.oldSpec, node);
  }

  newNode(node: unknown): Json | undefined {
    return SpecComparer.deref(this.newSpec, node);
  }

  schema(oldSchema: unknown, newSchema: unknown, direction: Direction): Change[] {
    const oldRef = (oldSchema as Json | undefined)?.$ref;
    const newRef = (newSchema as Json | undefined)?.$ref;
    if (typeof oldRef !== "string" || typeof newRef !== "string") {
      return this.compare(this.oldNode(oldSchema), this.newNode(newSchema), direction);
    }
    const key = `${direction} ${oldRef} ${newRef}`;
    const cached = this.memo.get(key);
    if (cached) return cached;
    if (this.inProgress.has(key)) return [];
    this.inProgress.add(key);
    const changes = this.compare(this.oldNode(oldSchema), this.newNode(newSchema), direction);
    this.inProgress.delete(key);
    this.memo.set(key, changes);
    return changes;
  }

  private compare(a: Json | undefined, b: Json | undefined, direction: Direction): Change[] {
    if (!a || !b || typeof a !== "object" || typeof b !== "object") return [];
    const changes: Change[] = [];
    const at = (path: string, child: Change[]) => child.map((c) => ({ ...c, path: joinPath(path, c.path) }));

    const typesA = typesOf(a);
    const typesB = typesOf(b);
    if (typesA && typesB && !sameSet(typesA, typesB)) {
      const widened = [...typesA].every((t) => typesB.has(t));
      const narrowed = [...typesB].every((t) => typesA.has(t));
      const harmless = direction === "request" ? widened : narrowed;
      changes.push({ breaking: !harmless, path: "", message: `type ${fmtTypes(typesA)} → ${fmtTypes(typesB)}` });
    }

    if (Array.isArray(a.enum) && Array.isArray(b.enum)) {
      for (const value of a.enum.filter((v: unknown) => !b.enum.includes(v))) {
        changes.push({ breaking: true, path: "", message: `enum value ${JSON.stringify(value)} removed` });
      }
      for (const value of b.enum.filter((v: unknown) => !a.enum.includes(v))) {
        changes.push({ breaking: false, path: "", message: `enum value ${JSON.stringify(value)} added` });
      }
    }

    const propsA: Json = a.properties ?? {};
    const propsB: Json = b.properties ?? {};
    const requiredA = new Set<string>(a.required ?? []);
    const requiredB = new Set<string>(b.required ?? []);
    for (const name of Object.keys(propsA)) {
      if (!(name in propsB)) {
        changes.push({ breaking: true, path: name, message: `${direction} field removed` });
        continue;
      }
      changes.push(...at(name, this.schema(propsA[name], propsB[name], direction)));
      if (requiredA.has(name) !== requiredB.has(name)) {
        const nowRequired = requiredB.has(name);
        // A request field becoming required, or a response field becoming optional, breaks clients.
        const breaking = direction === "request" ? nowRequired : !nowRequired;
        changes.push({ breaking, path: name, message: nowRequired ? "became required" : "became optional" });
      }
    }
    for (const name of Object.keys(propsB)) {
      if (name in propsA) continue;
      const required = requiredB.has(name);
      if (direction === "request" && required) {
        changes.push({ breaking: true, path: name, message: "new required request field" });
      } else {
        changes.push({ breaking: false, path: name, message: `new ${required ? "" : "optional "}${direction} field` });
      }
    }

    if (a.items && b.items) changes.push(...at("[]", this.schema(a.items, b.items, direction)));
    if (isSchema(a.additionalProperties) && isSchema(b.additionalProperties)) {
      changes.push(...at("*", this.schema(a.additionalProperties, b.additionalProperties, direction)));
    }
    changes.push(...this.variants(a, b, direction));
    return changes;
  }

  /**
   * An inline member's tag: the values it pins on its properties (`type="file_search"`), the usual way a
   * union's members tell themselves apart. Members match by tag, so inserting a variant upstream does not
   * shift every later one.
   */
  private tag(node: (n: unknown) => Json | undefined, schema: Json): string | undefined {
    const parts: string[] = [];
    const collect = (candidate: unknown, depth: number) => {
      const resolved = node(candidate);
      if (!resolved || depth > 3) return;
      for (const [name, property] of Object.entries<Json>(resolved.properties ?? {})) {
        const p = node(property);
        const pinned = p && "const" in p ? p.const : p?.enum?.length === 1 ? p.enum[0] : undefined;
        if (pinned !== undefined) parts.push(`${name}=${JSON.stringify(pinned)}`);
      }
      for (const member of resolved.allOf ?? []) collect(member, depth + 1);
    };
    collect(schema, 0);
    return parts.length > 0 ? parts.sort().join(",") : undefined;
  }

  /** oneOf/anyOf/allOf members, matched by the $ref they stand for, else by tag, else by position. */
  private variants(a: Json, b: Json, direction: Direction): Change[] {
    const listA: Json[] = [...(a.oneOf ?? []), ...(a.anyOf ?? []), ...(a.allOf ?? [])];
    const listB: Json[] = [...(b.oneOf ?? []), ...(b.anyOf ?? []), ...(b.allOf ?? [])];
    if (listA.length === 0 && listB.length === 0) return [];
    const changes: Change[] = [];
    const tagA = (s: Json) => this.tag((n) => this.oldNode(n), s);
    const tagB = (s: Json) => this.tag((n) => this.newNode(n), s);
    const unmatchedB = new Set(listB);
    const untaggedB = listB.filter((s) => !refOf(s) && !tagB(s));
    let untaggedIndex = 0;
    const name = (schema: Json, tag: string | undefined, index: number) =>
      tag ? `{${tag}}` : variantName(schema, index);
    for (const [i, va] of listA.entries()) {
      const ref = refOf(va);
      const tag = ref ? undefined : tagA(va);
      const vb = ref
        ? listB.find((s) => refOf(s) === ref)
        : tag
          ? listB.find((s) => unmatchedB.has(s) && !refOf(s) && tagB(s) === tag)
          : untaggedB[untaggedIndex++];
      if (!vb || !unmatchedB.has(vb)) {
        changes.push({ breaking: true, path: "", message: `variant ${name(va, tag, i)} removed` });
        continue;
      }
      unmatchedB.delete(vb);
      changes.push(...this.schema(unwrap(va), unwrap(vb), direction));
    }
    for (const vb of unmatchedB) {
      const index = listB.indexOf(vb);
      changes.push({
        breaking: false,
        path: "",
        message: `variant ${name(vb, refOf(vb) ? undefined : tagB(vb), index)} added`,
      });
    }
    return changes;
  }
}

/** `{allOf: [X]}` with nothing else that constrains is X itself (upstream wraps refs that way). */
function unwrap(schema: Json): Json {
  const keys = Object.keys(schema).filter((k) => k !== "description" && k !== "title");
  return keys.length === 1 && Array.isArray(schema.allOf) && schema.allOf.length === 1 ? schema.allOf[0] : schema;
}

function refOf(schema: Json): string | undefined {
  const ref = unwrap(schema).$ref;
  return typeof ref === "string" ? ref : undefined;
}

function variantName(schema: Json, index: number): string {
  return refOf(schema)?.split("/").pop() ?? `#${index}`;
}

function joinPath(parent: string, child: string): string {
  if (!child) return parent;
  return child.startsWith("[]") ? `${parent}${child}` : `${parent}.${child}`;
}

function isSchema(value: unknown): value is Json {
  return !!value && typeof value === "object";
}

function typesOf(schema: Json): Set<string> | undefined {
  let types: string[] | undefined;
  if (typeof schema.type === "string") types = [schema.type];
  else if (Array.isArray(schema.type)) types = schema.type;
  if (!types) return undefined;
  const set = new Set(types);
  if (schema.nullable === true) set.add("null");
  return set;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((v) => b.has(v));
}

function fmtTypes(types: Set<string>): string {
  return [...types].join(" | ");
}

function describe(where: string, change: Change): string {
  return `${where}: ${change.path ? `\`${change.path}\` ` : ""}${change.message}`;
}

function mediaLabel(prefix: string, mediaType: string): string {
  return mediaType === "application/json" ? prefix : `${prefix} (${mediaType})`;
}

function compareOperation(cmp: SpecComparer, a: Json, b: Json): { breaking: string[]; nonBreaking: string[] } {
  const breaking: string[] = [];
  const nonBreaking: string[] = [];
  const push = (isBreaking: boolean, text: string) => (isBreaking ? breaking : nonBreaking).push(text);

  const params = (op: Json, node: (n: unknown) => Json | undefined) => {
    const map = new Map<string, Json>();
    for (const p of [...(op.pathParameters ?? []), ...(op.parameters ?? [])]) {
      const resolved = node(p);
      if (resolved?.name) map.set(`${resolved.in} parameter \`${resolved.name}\``, resolved);
    }
    return map;
  };
  const paramsA = params(a, (n) => cmp.oldNode(n));
  const paramsB = params(b, (n) => cmp.newNode(n));
  for (const [key, pa] of paramsA) {
    const pb = paramsB.get(key);
    if (!pb) {
      push(true, `${key} removed`);
      continue;
    }
    if (!pa.required && pb.required) push(true, `${key} became required`);
    if (pa.required && !pb.required) push(false, `${key} became optional`);
    for (const c of cmp.schema(pa.schema, pb.schema, "request")) push(c.breaking, describe(key, c));
  }
  for (const [key, pb] of paramsB) {
    if (!paramsA.has(key)) push(!!pb.required, `new ${pb.required ? "required" : "optional"} ${key}`);
  }

  const bodyA = cmp.oldNode(a.requestBody);
  const bodyB = cmp.newNode(b.requestBody);
  if (bodyA && !bodyB) push(true, "request body removed");
  if (!bodyA && bodyB) push(!!bodyB.required, `new ${bodyB.required ? "required" : "optional"} request body`);
  if (bodyA && bodyB) {
    if (!bodyA.required && bodyB.required) push(true, "request body became required");
    for (const [media, ma] of Object.entries<Json>(bodyA.content ?? {})) {
      const mb = bodyB.content?.[media];
      if (!mb) {
        push(true, `request media type ${media} no longer accepted`);
        continue;
      }
      const where = mediaLabel("request body", media);
      for (const c of cmp.schema(ma.schema, mb.schema, "request")) push(c.breaking, describe(where, c));
    }
    for (const media of Object.keys(bodyB.content ?? {})) {
      if (!bodyA.content?.[media]) push(false, `request media type ${media} accepted`);
    }
  }

  const responsesA: Json = a.responses ?? {};
  const responsesB: Json = b.responses ?? {};
  for (const [code, ra] of Object.entries(responsesA)) {
    if (!(code in responsesB)) {
      push(code.startsWith("2"), `response ${code} no longer declared`);
      continue;
    }
    const contentA: Json = cmp.oldNode(ra)?.content ?? {};
    const contentB: Json = cmp.newNode(responsesB[code])?.content ?? {};
    for (const [media, ma] of Object.entries<Json>(contentA)) {
      const mb = contentB[media];
      if (!mb) {
        push(true, `response ${code} no longer returns ${media}`);
        continue;
      }
      const where = mediaLabel(`response ${code}`, media);
      for (const c of cmp.schema(ma.schema, mb.schema, "response")) push(c.breaking, describe(where, c));
    }
    for (const media of Object.keys(contentB)) {
      if (!contentA[media]) push(false, `response ${code} can return ${media}`);
    }
  }
  for (const code of Object.keys(responsesB)) {
    if (!(code in responsesA)) push(false, `new response ${code}`);
  }
  return { breaking, nonBreaking };
}

export function compareSpecs(oldSpec: Json, newSpec: Json): ChangeReport {
  const oldOps = operationsOf(oldSpec);
  const newOps = operationsOf(newSpec);
  const cmp = new SpecComparer(oldSpec, newSpec);
  const report: ChangeReport = { added: [], removed: [], changed: [] };
  for (const [key, op] of oldOps) if (!newOps.has(key)) report.removed.push(label(key, op));
  for (const [key, op] of newOps) if (!oldOps.has(key)) report.added.push(label(key, op));
  for (const [key, a] of oldOps) {
    const b = newOps.get(key);
    if (!b) continue;
    const { breaking, nonBreaking } = compareOperation(cmp, a, b);
    if (breaking.length + nonBreaking.length === 0) continue;
    report.changed.push({ operation: key, operationId: b.operationId, breaking, nonBreaking });
  }
  return report;
}
