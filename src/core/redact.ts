/** Replaces every credential the client sends with "[redacted]" in a piece of text. */
export type Redact = (text: string) => string;

/** Headers whose values are credentials: never stored, and their values are secrets to redact everywhere. */
export const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)$/i;
/**
 * Shorter values are not treated as secrets: redacting them would garble unrelated text (a real xAI key is 84
 * characters), and they protect nothing anyway.
 */
const MIN_SECRET_LENGTH = 8;

/**
 * The credentials a client sends: its API key (from `apiKey` or `XAI_API_KEY`) and the values of credential headers
 * among its default headers — both whole and without an auth scheme (`Bearer <token>` → `<token>`), so a server
 * echoing either form is caught. Each also in its JSON-escaped spelling, as it appears inside serialised JSON.
 */
export function secretsOf(apiKey: string | undefined, headers: Record<string, string> | undefined): string[] {
  const secrets = [apiKey ?? ""];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (SENSITIVE_HEADER.test(name)) secrets.push(value.trim(), value.trim().replace(/^[\w-]+\s+/, ""));
  }
  return secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
}

export function redactor(secrets: readonly string[]): Redact {
  return secrets.length === 0
    ? (text) => text
    : (text) => secrets.reduce((clean, secret) => clean.replaceAll(secret, "[redacted]"), text);
}

/** `body` with every secret redacted: a string, or JSON data rebuilt only if it held one. */
export function redactBody(body: unknown, redact: Redact): unknown {
  if (typeof body === "string") return redact(body);
  if (body === null || typeof body !== "object") return body;
  const json = JSON.stringify(body);
  const clean = redact(json);
  return clean === json ? body : JSON.parse(clean);
}

/**
 * `value` itself when no secret appears in it — for an Error, in its message, stack or causes — otherwise a redacted
 * stand-in: the redacted string, or an Error carrying the redacted message (the original chain is dropped).
 */
export function redactValue(value: unknown, redact: Redact): unknown {
  if (typeof value === "string") return redact(value);
  if (!(value instanceof Error)) return value;
  const trace = traceOf(value);
  return redact(trace) === trace ? value : new Error(redact(value.message));
}

function traceOf(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 3) return String(error);
  return `${error.message}\n${error.stack}\n${traceOf(error.cause, depth + 1)}`;
}
