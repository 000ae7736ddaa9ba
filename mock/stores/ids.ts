/**
 * Identifiers for created resources: unique within a server, and the same sequence for the same seed, so a
 * scripted test sees the same ids on every run. Plain JavaScript (no `node:crypto`), so the msw handlers make
 * the same ids in a browser.
 */

export interface IdFactory {
  /** UUID-shaped id, as xAI uses for request ids and response ids. */
  uuid(): string;
  /** `file_…`-style id. */
  prefixed(prefix: string): string;
}

function fnv1a(text: string, hash: number): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** `length` hex digits determined by `text`: a stable fingerprint, not a cryptographic hash. */
export function hexDigest(text: string, length: number): string {
  let out = "";
  let hash = 0x811c9dc5;
  for (let round = 0; out.length < length; round++) {
    hash = fnv1a(`${round}:${text}`, hash);
    out += hash.toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

export function createIdFactory(seed: string): IdFactory {
  let counter = 0;
  const digest = () => hexDigest(`${seed}:${++counter}`, 32);
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
