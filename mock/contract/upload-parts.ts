/**
 * Which file part each upload operation of the effective spec declares in its multipart schema: a binary property
 * (`file`: one file) or an array of them (`files`: any number), so the multipart parser keeps exactly that part.
 */
import type { FilePart } from "../http/multipart.ts";
import { loadSpec, type Spec } from "./spec.ts";

type Json = Record<string, any>;

const deref = (spec: Spec, node: Json | undefined): Json | undefined =>
  typeof node?.$ref === "string"
    ? node.$ref
        .slice(2)
        .split("/")
        .reduce((at: Json | undefined, key: string) => at?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], spec)
    : node;

function filePartOf(spec: Spec, schema: Json | undefined): FilePart | undefined {
  for (const [name, property] of Object.entries<Json>(deref(spec, schema)?.properties ?? {})) {
    const resolved = deref(spec, property);
    if (resolved?.format === "binary") return { name, many: false };
    if (resolved?.type === "array" && deref(spec, resolved.items)?.format === "binary") return { name, many: true };
  }
  return undefined;
}

let byPath: Map<string, FilePart> | undefined;

/** The file part of the upload operation at `POST pathname`, or undefined when there is none. */
export function uploadPartFor(pathname: string): FilePart | undefined {
  if (!byPath) {
    const spec = loadSpec();
    byPath = new Map();
    for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
      const part = filePartOf(spec, item.post?.requestBody?.content?.["multipart/form-data"]?.schema);
      if (part) byPath.set(path, part);
    }
  }
  return byPath.get(pathname);
}
