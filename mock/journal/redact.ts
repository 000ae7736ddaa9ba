/**
 * Secrets out of what the journal keeps: credential headers (`Authorization`, `x-api-key`, cookies) are replaced,
 * and the caller's key is replaced wherever else it appears — another header, a query value, any string of the body.
 */

/** Headers whose value is a credential, whatever it looks like. */
export const SECRET_HEADERS = new Set(["authorization", "x-api-key", "cookie", "set-cookie", "proxy-authorization"]);
const CREDENTIAL_HEADERS = ["authorization", "x-api-key"] as const;
/** Shorter tokens are not secrets worth mangling a log line for (and would match everywhere). */
const MIN_SECRET_LENGTH = 4;
export const REDACTED = "[redacted]";

type Headers = Record<string, string | string[] | undefined>;

/** The credential tokens a request carries: every word of its credential headers but the auth scheme. */
export function credentialTokens(headers: Headers): string[] {
  const secrets: string[] = [];
  for (const name of CREDENTIAL_HEADERS) {
    const value = headers[name];
    for (const token of (Array.isArray(value) ? value.join(" ") : (value ?? "")).split(/\s+/)) {
      if (token.length >= MIN_SECRET_LENGTH && !/^(bearer|basic)$/i.test(token)) secrets.push(token);
    }
  }
  return secrets;
}

/** The credential tokens of a request, and the forms they take in a URL and in JSON text. */
export interface Credentials {
  tokens: readonly string[];
  /** The tokens, and their percent-encoded forms where those differ. */
  inUrls: readonly string[];
  /** Every form in `inUrls` as it appears inside a JSON string. */
  inJson: readonly string[];
}

export function credentialsOf(headers: Headers): Credentials {
  const tokens = credentialTokens(headers);
  const inUrls = [...tokens, ...tokens.map(encodeURIComponent).filter((encoded, i) => encoded !== tokens[i])];
  return { tokens, inUrls, inJson: inUrls.map((form) => JSON.stringify(form).slice(1, -1)) };
}

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
  return out;
}

/** The value with every secret replaced in its strings and keys; the same object when it holds none. */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  if (typeof value === "string") return redactText(value, secrets) as T;
  if (Array.isArray(value)) {
    const items = value.map((item) => redactValue(item, secrets));
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value && typeof value === "object") {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const next: [string, unknown] = [redactText(key, secrets), redactValue(item, secrets)];
      if (next[0] !== key || next[1] !== item) changed = true;
      return next;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}

/** Headers as one string each, credentials replaced, the key removed from every other value. */
export function redactHeaders(headers: Headers, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.has(name)
      ? REDACTED
      : redactText(Array.isArray(value) ? value.join(", ") : value, secrets);
  }
  return out;
}
