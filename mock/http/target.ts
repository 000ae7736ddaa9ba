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

const templates = new Map<string, { pattern: RegExp; names: string[] }>();

/** The template as a pattern: each `{name}` matches within one segment, so `{id}:cancel` is a parameter too. */
function compile(template: string): { pattern: RegExp; names: string[] } {
  let compiled = templates.get(template);
  if (!compiled) {
    const names: string[] = [];
    const source = template
      .split(/(\{[^}]+\})/)
      .map((piece) => {
        const name = /^\{([^}]+)\}$/.exec(piece)?.[1];
        if (name === undefined) return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(name);
        return "([^/]*)";
      })
      .join("");
    compiled = { pattern: new RegExp(`^${source}$`), names };
    templates.set(template, compiled);
  }
  return compiled;
}

/** Values of the template's `{name}` parameters in `pathname`, decoded (call `malformedSegment` first). */
export function pathParams(template: string, pathname: string): Record<string, string> {
  const { pattern, names } = compile(template);
  const match = pattern.exec(pathname);
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = match?.[i + 1];
    if (value !== undefined) params[name] = decodeURIComponent(value);
  });
  return params;
}

/** Each name once, a repeated name's values in order. */
export function queryOf(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}
