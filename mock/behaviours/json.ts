/** Reading request bodies that passed the contract but are still `unknown` to TypeScript. */

export type Json = Record<string, any>;

export const asObject = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});

/** Every text part of a message `content` in any family's shape (a string, or parts with `text`). */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) =>
      typeof part === "string" ? part : typeof part?.text === "string" ? part.text : textOf(part?.content),
    )
    .filter(Boolean)
    .join(" ");
}
