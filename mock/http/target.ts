/** The request target: its path segments (percent-decoded, and checked for malformed escapes) and its query. */

/** The first path segment whose percent-encoding does not decode (`%zz`, a lone `%`, a cut UTF-8 sequence). */
export function malformedSegment(pathname: string): string | undefined {
  if (!pathname.includes("%")) return undefined;
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return undefined;
}

/** Values of the template's `{name}` segments in `pathname`, decoded (call `malformedSegment` first). */
export function pathParams(template: string, pathname: string): Record<string, string> {
  const params: Record<string, string> = {};
  const names = template.split("/");
  const values = pathname.split("/");
  names.forEach((segment, i) => {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    if (name && values[i] !== undefined) params[name] = decodeURIComponent(values[i]!);
  });
  return params;
}

export function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}
