/**
 * The resource layer, derived: generated/resources.ts names every operation's method (openapi/operation-names.yaml);
 * this module turns each into a typed method — path parameters as leading string arguments, then the JSON body and/or
 * the query, then the per-call options — so a plain JSON operation needs no hand-written code, and neither does a
 * download or a cursor-paged list (recognised by the pipeline from the spec). Methods that behave specially (streams,
 * uploads, waiters, token pagination, parse/runTools) are written in a class that extends `resource(path, …names)`
 * and replaces the named derived methods (./index.ts lists those classes).
 */
import type { operations } from "../../generated/openapi.ts";
import { type ResourceTree, resources } from "../../generated/resources.ts";
import { APIPromise } from "../core/api-promise.ts";
import { type Attempt, type AttemptInit, type Core, call, type RequestOptions, send } from "../core/request.ts";
import { FileContent } from "../files/content.ts";
import { CursorList, type CursorPage } from "../pagination/cursor.ts";
import { Resource } from "./resource.ts";
import { requireId } from "./validate.ts";

/**
 * A method's entry in ResourceTree: the operation it calls, its path parameters as named arguments, and how it
 * answers when not with JSON — "download" (the bytes, as a FileContent) or "cursor" (a CursorList of every item).
 */
interface OperationLeaf {
  operation: keyof operations;
  pathArguments: readonly unknown[];
  answer?: "download" | "cursor";
}

/** The request body argument: required, optional when every field of it is (or the body is), or none. */
type BodyArgument<O extends { requestBody?: unknown }> = [NonNullable<O["requestBody"]>] extends [never]
  ? []
  : NonNullable<O["requestBody"]> extends { content: { "application/json": infer Body } }
    ? undefined extends O["requestBody"]
      ? [body?: Body]
      : Record<string, never> extends Body
        ? [body?: Body]
        : [body: Body]
    : [];

/** The query argument: required when a query parameter is, optional when all are, or none. */
type QueryArgument<O extends { parameters: { query?: unknown } }> = [NonNullable<O["parameters"]["query"]>] extends [
  never,
]
  ? []
  : undefined extends O["parameters"]["query"]
    ? [query?: O["parameters"]["query"]]
    : [query: O["parameters"]["query"]];

/** A method's arguments: path parameters, then the body and/or the query, then the per-call options. */
type Arguments<Leaf extends OperationLeaf> = [
  ...Leaf["pathArguments"],
  ...BodyArgument<operations[Leaf["operation"]]>,
  ...QueryArgument<operations[Leaf["operation"]]>,
  options?: RequestOptions,
];

/** The statuses of an operation's 2xx answers. */
type SuccessStatus<Op extends keyof operations> = {
  [Status in keyof operations[Op]["responses"]]: `${Status & (string | number)}` extends `2${string}` ? Status : never;
}[keyof operations[Op]["responses"]];

type MethodNames<Node> = { [Name in keyof Node]: Node[Name] extends OperationLeaf ? Name : never }[keyof Node];
type ChildNames<Node> = { [Name in keyof Node]: Node[Name] extends OperationLeaf ? never : Name }[keyof Node] & string;

/** The JSON body of each 2xx answer of an operation, or `undefined` for one without (e.g. 202 while pending). */
type SuccessBodies<Op extends keyof operations> = {
  [Status in SuccessStatus<Op>]: operations[Op]["responses"][Status] extends {
    content: { "application/json": infer Body };
  }
    ? Body
    : undefined;
};

/**
 * A method typed from its operation: a promise of its 2xx body, a FileContent for a download, or a CursorList of the
 * items of a cursor-paged list. Written as conditional types, which editors show resolved — `(fileId: string,
 * options?: RequestOptions) => APIPromise<FileObject>` — where a plain alias would show its own name.
 */
type MethodOf<Leaf> = Leaf extends OperationLeaf
  ? (
      ...args: Arguments<Leaf>
    ) => Leaf extends { answer: "download" }
      ? APIPromise<FileContent>
      : Leaf extends { answer: "cursor" }
        ? SuccessBodies<Leaf["operation"]>[SuccessStatus<Leaf["operation"]>] extends infer Page extends
            CursorPage<unknown>
          ? CursorList<Page["data"][number], Page>
          : never
        : APIPromise<SuccessBodies<Leaf["operation"]>[SuccessStatus<Leaf["operation"]>]>
  : never;

/** The methods of a resource node, each typed from its operation. */
export type Methods<Node> = Node extends unknown
  ? { [Name in keyof Node as Node[Name] extends OperationLeaf ? Name : never]: MethodOf<Node[Name]> }
  : never;

type PathsOf<Node, Prefix extends string> = {
  [Name in ChildNames<Node>]: `${Prefix}${Name}` | PathsOf<Node[Name], `${Prefix}${Name}.`>;
}[ChildNames<Node>];

/** Every resource's dotted path: "files", "files.publicUrl", "chat.completions", … */
export type ResourcePath = PathsOf<ResourceTree, "">;

type NodeAt<Path extends string, Node = ResourceTree> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof Node
    ? NodeAt<Rest, Node[Head]>
    : never
  : Path extends keyof Node
    ? Node[Path]
    : never;

/** The classes that replace derived methods, by resource path. */
export type HandWritten = { readonly [Path in ResourcePath]?: new (core: Core) => object };

type InstanceOf<Class> = Class extends new (core: Core) => infer Instance ? Instance : never;

/** A resource's own methods: its hand-written class, else its derived methods (`unknown` for none). */
type OwnMethods<Path extends string, Node, Classes> = Path extends keyof Classes
  ? InstanceOf<Classes[Path]>
  : [MethodNames<Node>] extends [never]
    ? unknown
    : Methods<Node>;

/** A resource: its own methods, then its sub-resources. */
type ResourceAt<Path extends string, Node, Classes> = [ChildNames<Node>] extends [never]
  ? OwnMethods<Path, Node, Classes>
  : OwnMethods<Path, Node, Classes> & {
      readonly [Name in ChildNames<Node>]: ResourceAt<`${Path}.${Name}`, Node[Name], Classes>;
    };

/** The resources under a node (the client itself is `Resources<ResourceTree, "", classes>`). */
export type Resources<Node, Prefix extends string, Classes> = {
  readonly [Name in ChildNames<Node>]: ResourceAt<`${Prefix}${Name}`, Node[Name], Classes>;
};

/** A method's entry in `resources`: "<HTTP method> <path>[ body][ query][ download|cursor]". */
type Spec = string;
type Node = { readonly [name: string]: Node | Spec };
type Verb = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** openapi-fetch's methods, untyped: a derived method's types come from `MethodOf`. */
type RawMethods = Record<Verb, (path: string, init: object) => ReturnType<Attempt<unknown>>>;

/** `file_id` → `fileId`, as the argument is named in the method's signature and in its errors. */
const argumentName = (param: string) => param.replace(/_(\w)/g, (_, next: string) => next.toUpperCase());

/**
 * A derived method: sends its arguments as the operation's path parameters, body and query, and answers with the
 * JSON body, a FileContent streaming the bytes ("download"), or a CursorList that asks for each page ("cursor").
 */
function operationMethod(spec: Spec) {
  const [method, path, ...parts] = spec.split(" ") as [string, string, ...string[]];
  const verb = method.toUpperCase() as Verb;
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const payload = parts.filter((part) => part === "body" || part === "query");
  const answer = parts.find((part) => part === "download" || part === "cursor");
  const plain = names.length === 0 && payload.length === 0 && !answer;
  const queryAt = names.length + payload.indexOf("query");

  /** One request; the arguments are read inside the attempt, so a bad one rejects the promise rather than throws. */
  const attempt = (core: Core, args: any[]) => (init: AttemptInit) => {
    const params: { path?: Record<string, string>; query?: unknown } = {};
    let body: unknown;
    let next = 0;
    if (names.length > 0) {
      params.path = {};
      for (const name of names) params.path[name] = requireId(args[next++], argumentName(name));
    }
    for (const part of payload) {
      if (part === "body") body = args[next++] ?? {};
      else params.query = args[next++];
    }
    const parseAs = answer === "download" ? "stream" : undefined;
    return (core.raw as unknown as RawMethods)[verb](path, { params, body, parseAs, ...init });
  };

  return function (this: { core: Core }, ...args: any[]) {
    const { core } = this;
    // Parameterless: openapi-fetch gets the attempt's init as is (any other init object costs it ~10 %).
    if (plain) return call(core, (init) => (core.raw as unknown as RawMethods)[verb](path, init), args[0]);
    const options = args[names.length + payload.length];
    if (answer === "cursor") {
      const query = args[queryAt] ?? {};
      return new CursorList((after) => {
        const page = args.slice();
        page[queryAt] = { ...query, after };
        return call(core, attempt(core, page), options) as PromiseLike<CursorPage<unknown>>;
      }, query.after);
    }
    if (answer === "download") {
      return new APIPromise(
        send(core, attempt(core, args), options).then(({ data, response }) => ({
          data: new FileContent(data as ReadableStream<Uint8Array> | null, response),
          response,
        })),
      );
    }
    return call(core, attempt(core, args), options);
  };
}

/** The class of a resource without hand-written methods, made once per resource (not per client). */
const derivedOnly = new Map<Node, new (core: Core) => Resource>();

function derivedClass(node: Node, handWritten: readonly string[]): new (core: Core) => Resource {
  class Derived extends Resource {}
  for (const name in node) {
    const spec = node[name]!;
    if (typeof spec === "string" && !handWritten.includes(name))
      (Derived.prototype as any)[name] = operationMethod(spec);
  }
  return Derived;
}

const nodeAt = (path: string) => path.split(".").reduce((node: any, name) => node[name], resources) as Node;

/**
 * The base class of a resource with hand-written methods: its derived methods, except those `handWritten` names,
 * which the subclass writes itself.
 */
export function resource<Path extends ResourcePath, Names extends keyof Methods<NodeAt<Path>> & string = never>(
  path: Path,
  ...handWritten: Names[]
): new (
  core: Core,
) => Resource & Omit<Methods<NodeAt<Path>>, Names> {
  return derivedClass(nodeAt(path), handWritten) as never;
}

/**
 * The derived method `name` of the resource at `path`, for a hand-written method that wraps it (a paginated list
 * calls it once per page): call it with the resource as `this`.
 */
export function derived<Path extends ResourcePath, Name extends keyof Methods<NodeAt<Path>> & string>(
  path: Path,
  name: Name,
): Methods<NodeAt<Path>>[Name] {
  return operationMethod(nodeAt(path)[name] as Spec) as never;
}

/** Every resource of the tree, built for `core`: the class `classes` gives for its path, else its derived methods. */
export function buildResources<Classes extends HandWritten>(
  core: Core,
  classes: Classes,
): Resources<ResourceTree, "", Classes> {
  const build = (node: Node, path: string): Record<string, unknown> => {
    let Class = (classes as Record<string, new (core: Core) => object>)[path] ?? derivedOnly.get(node);
    if (!Class) {
      Class = derivedClass(node, []);
      derivedOnly.set(node, Class as new (core: Core) => Resource);
    }
    const instance = new Class(core) as Record<string, unknown>;
    for (const name in node) {
      if (typeof node[name] !== "string") instance[name] = build(node[name] as Node, `${path}.${name}`);
    }
    return instance;
  };
  const root: Record<string, unknown> = {};
  for (const name in resources) root[name] = build((resources as Node)[name] as Node, name);
  return root as never;
}
