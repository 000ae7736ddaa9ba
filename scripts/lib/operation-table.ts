const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"] as const;

type Json = Record<string, any>;

export interface OperationEntry {
  operationId: string;
  method: (typeof METHODS)[number];
  path: string;
  summary: string;
  pathParams: string[];
  queryParams: string[];
  requestMediaTypes: string[];
  requestBodyRequired: boolean;
  /** Status code → media types of that response ([] when it has no body). */
  responses: Record<string, string[]>;
  /** True when a 2xx response can be text/event-stream. */
  streams: boolean;
}

function resolve(spec: Json, node: Json | undefined): Json | undefined {
  let current = node;
  while (current && typeof current.$ref === "string") {
    current = current.$ref
      .slice(2)
      .split("/")
      .reduce((acc: Json | undefined, key: string) => acc?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return current;
}

/** The runtime operation table: one entry per operation, sorted by path then method for stable output. */
export function buildOperationTable(spec: Json): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, pathItem] of Object.entries<Json>(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op: Json | undefined = pathItem[method];
      if (!op) continue;
      const params = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => resolve(spec, p)!);
      const body = resolve(spec, op.requestBody);
      const responses = Object.fromEntries(
        Object.entries<Json>(op.responses ?? {}).map(([code, r]) => [
          code,
          Object.keys(resolve(spec, r)?.content ?? {}),
        ]),
      );
      entries.push({
        operationId: op.operationId,
        method,
        path,
        summary: (op.summary ?? "").split("\n")[0],
        pathParams: params.filter((p) => p.in === "path").map((p) => p.name),
        queryParams: params.filter((p) => p.in === "query").map((p) => p.name),
        requestMediaTypes: Object.keys(body?.content ?? {}),
        requestBodyRequired: body?.required === true,
        responses,
        streams: Object.entries(responses).some(
          ([code, types]) => code.startsWith("2") && types.includes("text/event-stream"),
        ),
      });
    }
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path) || METHODS.indexOf(a.method) - METHODS.indexOf(b.method));
}

export function renderOperationTable(entries: OperationEntry[]): string {
  return `export interface OperationEntry {
  readonly operationId: string;
  readonly method: "get" | "put" | "post" | "delete" | "patch" | "options" | "head" | "trace";
  readonly path: string;
  readonly summary: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly requestMediaTypes: readonly string[];
  readonly requestBodyRequired: boolean;
  /** Status code → media types of that response ([] when it has no body). */
  readonly responses: Readonly<Record<string, readonly string[]>>;
  /** True when a 2xx response can be text/event-stream. */
  readonly streams: boolean;
}

export const operations = ${JSON.stringify(entries, null, 2)} as const satisfies readonly OperationEntry[];

export type OperationId = (typeof operations)[number]["operationId"];
`;
}
