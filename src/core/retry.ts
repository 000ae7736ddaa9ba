/** Longest wait a server's Retry-After / retry-after-ms may impose; a longer request falls back to backoff. */
export const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * Whether a failed response deserves another attempt: 408, 409, 429 and 5xx, for the HTTP status or the status an
 * error inside a 200 stands for. An explicit `x-should-retry` header wins.
 */
export function isRetryable(status: number | undefined, headers: Headers): boolean {
  const hint = headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false" || status === undefined) return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Delay before retry number `retry` (0 for the first retry): the server's `retry-after-ms` or
 * `Retry-After` (seconds or HTTP date) when present and within 0..60 s, otherwise
 * min(0.5 s · 2^retry, 8 s) × (1 − 0.25 · random) — exponential backoff with up to 25 % jitter.
 */
export function retryDelayMs(retry: number, headers?: Headers, random: () => number = Math.random): number {
  const requested = headers && serverDelayMs(headers);
  if (requested !== undefined && requested >= 0 && requested <= MAX_RETRY_AFTER_MS) return requested;
  return Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_BACKOFF_MS) * (1 - 0.25 * random());
}

function serverDelayMs(headers: Headers): number | undefined {
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (!Number.isNaN(ms)) return ms;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
