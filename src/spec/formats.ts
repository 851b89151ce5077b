/**
 * The string formats the spec uses, as the server reads them. One definition for the generated
 * response validators and the request checks, so a value one accepts the other accepts too.
 */

/**
 * `idn-email` (RFC 6531) as Pydantic's `EmailStr` accepts it: a dot-atom local part and a domain
 * of two or more labels, each in any script (`jörg.müller@beispiel.de`, `info@ünal-tekstil.com.tr`).
 * Every address JSON Schema's ASCII `email` format accepts in dot-atom form passes too.
 * An atom is letters, marks and digits of any script plus the other characters RFC 5322 allows
 * in one; a label is letters, marks and digits with inner hyphens. Written as a literal, not built
 * from those pieces, so that a bundle which does not use it (the client's) drops it.
 */
export const IDN_EMAIL =
  /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@(?:[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?\.)+[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?$/u;

/**
 * `uuid` as the server writes it (lower-case hex, hyphenated, nothing around it): what the response
 * validators accept. What it reads is wider ({@link isUuid}); both are this module's one rule.
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const HYPHENATED_OR_SIMPLE = /^[0-9a-f]{8}(-?)(?:[0-9a-f]{4}\1){3}[0-9a-f]{12}$/i;

/** The 32 hex digits of a UUID the server's parser accepts, or `undefined`. */
function uuidDigits(text: string): string | undefined {
  let rest = text.replace(/^urn:uuid:/i, "");
  if (rest.startsWith("{") !== rest.endsWith("}")) return undefined;
  if (rest.startsWith("{")) rest = rest.slice(1, -1);
  return HYPHENATED_OR_SIMPLE.test(rest) ? rest.replace(/-/g, "").toLowerCase() : undefined;
}

/**
 * Whether the server's parser reads `text` as a UUID: hyphenated or 32 hex digits, in any case,
 * optionally in braces or after `urn:uuid:` (`{C9B1F0D1-...}`, `c9b1f0d18d3f4cfa...`).
 */
export const isUuid = (text: string): boolean => UUID.test(text) || uuidDigits(text) !== undefined;

/** The canonical form (lower case, hyphenated) of a UUID the server accepts; `undefined` for any other text. */
export function canonicalUuid(text: string): string | undefined {
  const hex = uuidDigits(text);
  return hex && `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
