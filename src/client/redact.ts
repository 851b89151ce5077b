/**
 * Keeps the caller's token out of what an error carries: a server may echo it anywhere (in a
 * message, next to punctuation, `access_token=<token>.`, URL- or JSON-escaped, as an object key,
 * in a request-id header). The rule is the package's one (`tokenRedactor`, untrusted-text.ts),
 * applied here to every string of a parsed body.
 */
export { tokenRedactor } from "../http/untrusted-text.ts";

/** A parsed body with the token removed from every string in it, object keys included. */
export function redactBody(body: unknown, redact: (text: string) => string): unknown {
  if (typeof body === "string") return redact(body);
  if (Array.isArray(body)) return body.map((item) => redactBody(item, redact));
  if (body && typeof body === "object") return Object.fromEntries(Object.entries(body).map(([key, value]) => [redact(key), redactBody(value, redact)]));
  return body;
}
