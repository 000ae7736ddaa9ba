/**
 * Identifiers for created resources: unique within a server, and the same sequence for the same seed, so a
 * scripted test sees the same ids on every run.
 */
import { createHash } from "node:crypto";

export interface IdFactory {
  /** UUID-shaped id, as xAI uses for request ids and response ids. */
  uuid(): string;
  /** `file_…`-style id. */
  prefixed(prefix: string): string;
}

export function createIdFactory(seed: string): IdFactory {
  let counter = 0;
  const digest = () => createHash("sha256").update(`${seed}:${++counter}`).digest("hex");
  return {
    uuid() {
      const h = digest();
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    prefixed(prefix) {
      return `${prefix}_${digest().slice(0, 24)}`;
    },
  };
}
