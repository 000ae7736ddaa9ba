/** The spec's `bearerAuth` scheme: any non-empty token is accepted, but it must be there and well-formed. */

/** Why the Authorization header is unacceptable, or undefined when it carries a bearer token. */
export function bearerProblem(header: string | undefined): string | undefined {
  if (!header) return "Missing API key: send `Authorization: Bearer <key>` (any key works against the mock).";
  if (!/^Bearer [\x21-\x7e]+$/i.test(header.trim())) {
    return "Malformed Authorization header: expected `Bearer <key>` with a single printable token.";
  }
  return undefined;
}
