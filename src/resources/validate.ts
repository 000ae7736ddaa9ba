import { XaiError } from "../core/errors.ts";

/** A path parameter must be a non-empty string: "" would silently address the collection instead. */
export function requireId(value: string, name: string): string {
  if (typeof value !== "string" || value === "") {
    throw new XaiError(`${name} must be a non-empty string, got ${value === "" ? '""' : typeof value}`);
  }
  return value;
}
