/**
 * The JSON text a prefix of a JSON document stands for so far, or undefined when it holds no value yet: open
 * strings and containers are closed; a key without its value, a dangling comma, an unfinished escape and a number
 * or literal that may still grow are cut off. `JSON.parse` of the result is the partial value.
 *
 * One pass, no recursion. Hand-written because the established parser (partial-json, which openai-node vendors)
 * ships CommonJS only, which browsers and workers cannot load without a bundler; the rules above are all it needs.
 */
export function completePartialJson(text: string): string | undefined {
  /** Closing brackets of the open containers, innermost last. */
  const closers: string[] = [];
  /** Whether the next string is an object key (inside an object, before its colon). */
  let expectKey = false;
  /** Length of the longest prefix that is complete JSON once `closers` are appended. */
  let cut = 0;
  let inString = false;
  let stringIsKey = false;
  /** Start of an escape sequence not yet complete inside the open string, or -1. */
  let escapeAt = -1;
  /** Start of the number or literal being read, or -1. */
  let scalarAt = -1;

  const valueEnds = (at: number) => {
    cut = at;
    expectKey = false;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (escapeAt >= 0) {
        // `\uXXXX` is complete 6 characters after its backslash, any other escape 2.
        if (text[escapeAt + 1] !== "u" || i - escapeAt === 5) escapeAt = -1;
      } else if (char === "\\") {
        escapeAt = i;
      } else if (char === '"') {
        inString = false;
        if (!stringIsKey) valueEnds(i + 1);
      }
      continue;
    }
    if (scalarAt >= 0) {
      if (/[\w.+-]/.test(char)) continue;
      scalarAt = -1;
      valueEnds(i);
    }
    switch (char) {
      case "{":
      case "[":
        closers.push(char === "{" ? "}" : "]");
        expectKey = char === "{";
        cut = i + 1;
        break;
      case "}":
      case "]":
        closers.pop();
        valueEnds(i + 1);
        break;
      case '"':
        inString = true;
        stringIsKey = expectKey;
        break;
      case ":":
        expectKey = false;
        break;
      case ",":
        expectKey = closers[closers.length - 1] === "}";
        break;
      case " ":
      case "\t":
      case "\n":
      case "\r":
        break;
      default:
        scalarAt = i;
    }
  }
  const close = closers.reverse().join("");
  if (inString && !stringIsKey) return `${text.slice(0, escapeAt >= 0 ? escapeAt : text.length)}"${close}`;
  // A literal cannot grow any further once complete; a number might.
  if (scalarAt >= 0 && /^(true|false|null)$/.test(text.slice(scalarAt))) cut = text.length;
  return cut === 0 ? undefined : text.slice(0, cut) + close;
}

/** The value a prefix of a JSON document stands for so far (see completePartialJson); undefined if none or invalid. */
export function parsePartialJson(text: string): unknown {
  const completed = completePartialJson(text);
  if (completed === undefined) return undefined;
  try {
    return JSON.parse(completed);
  } catch {
    return undefined;
  }
}
