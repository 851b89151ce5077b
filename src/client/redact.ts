/**
 * Keeps the caller's token out of what an error carries: a server may echo it anywhere (in a
 * message, next to punctuation, `access_token=<token>.`, URL- or JSON-escaped, as an object key,
 * in a request-id header). A token of {@link MIN_SECRET_LENGTH} characters or more is replaced
 * wherever any of its echo forms occurs; a shorter one could also be a piece of ordinary text, so
 * only its whole echoes (bounded by characters a token cannot hold) are replaced.
 */
import { MIN_SECRET_LENGTH, secretRedactor } from "../untrusted-text.ts";

const REDACTED = "[redacted]";
/** A character that can be part of a bearer token (RFC 6750 `b64token`). */
const TOKEN_CHARACTER = /[A-Za-z0-9\-._~+/=]/;

/** Whole echoes only: `"t"` leaves `"detail"` alone. */
function wholeEchoes(token: string): (text: string) => string {
  return (text) => {
    let out = "";
    let from = 0;
    for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
      const end = at + token.length;
      if (at < from || TOKEN_CHARACTER.test(text.charAt(at - 1)) || TOKEN_CHARACTER.test(text.charAt(end))) continue;
      out += `${text.slice(from, at)}${REDACTED}`;
      from = end;
    }
    return from === 0 ? text : out + text.slice(from);
  };
}

/** A function that removes the token's echoes from a text. */
export const tokenRedactor = (token: string): ((text: string) => string) =>
  token.length >= MIN_SECRET_LENGTH ? secretRedactor(token, REDACTED) : wholeEchoes(token);

/** A parsed body with the token removed from every string in it, object keys included. */
export function redactBody(body: unknown, redact: (text: string) => string): unknown {
  if (typeof body === "string") return redact(body);
  if (Array.isArray(body)) return body.map((item) => redactBody(item, redact));
  if (body && typeof body === "object") return Object.fromEntries(Object.entries(body).map(([key, value]) => [redact(key), redactBody(value, redact)]));
  return body;
}
