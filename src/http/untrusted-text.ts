/**
 * Text that came from the network (a deployment's answer, a client's request target), made safe
 * to show: control characters become visible escapes, so that no ESC, CR or NUL a server sends
 * reaches a terminal or breaks a report file, and a secret is replaced in every form a server may
 * echo it back in (as sent, JSON-escaped, XML-escaped, percent-encoded).
 */

/** C0 and C1 controls, DEL, and the two Unicode line separators that JSON allows but terminals break on. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** The text with every control character written as a `\uXXXX` escape; tab included, so one finding stays one line. */
export const printable = (text: string): string => text.replace(CONTROL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** The shortest secret that can be replaced safely: a shorter one would also match ordinary text. */
export const MIN_SECRET_LENGTH = 8;

/** Characters XML 1.0 cannot carry at all, escaped or not. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text for an XML 1.0 attribute or element: escaped, and a character XML cannot carry shown as an escape, as everywhere in a report. */
export const forXml = (text: string): string => xmlEscaped(text.replace(NOT_IN_XML, (character) => printable(character)));

const xmlEscaped = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** Every form a server may echo `secret` back in, longest first, so that no form leaves part of another. */
function echoForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = new Set([secret, json, JSON.stringify(json).slice(1, -1), xmlEscaped(secret), encodeURIComponent(secret), encodeURI(secret)]);
  // A percent-encoding may use lower-case hex.
  for (const form of [...forms]) if (/%[0-9A-F]{2}/.test(form)) forms.add(form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  return [...forms].sort((a, b) => b.length - a.length);
}

/** A function that replaces each echo of `secret` with `replacement`; `secret` must be at least {@link MIN_SECRET_LENGTH} long. */
export function secretRedactor(secret: string, replacement: string): (text: string) => string {
  if (secret.length < MIN_SECRET_LENGTH) throw new RangeError(`a secret shorter than ${MIN_SECRET_LENGTH} characters cannot be redacted safely`);
  const forms = echoForms(secret);
  return (text) => forms.reduce((result, form) => result.split(form).join(replacement), text);
}

/** The placeholder of a caller's token wherever a report or an error would show it. */
export const REDACTED = "[redacted]";
/** A character that can be part of a bearer token (RFC 6750 `b64token`). */
const TOKEN_CHARACTER = /[A-Za-z0-9\-._~+/=]/;

/** Whole echoes only: `"t"` leaves `"detail"` alone. */
function wholeEchoes(token: string, replacement: string): (text: string) => string {
  return (text) => {
    let out = "";
    let from = 0;
    for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
      const end = at + token.length;
      if (at < from || TOKEN_CHARACTER.test(text.charAt(at - 1)) || TOKEN_CHARACTER.test(text.charAt(end))) continue;
      out += `${text.slice(from, at)}${replacement}`;
      from = end;
    }
    return from === 0 ? text : out + text.slice(from);
  };
}

/**
 * The one rule for keeping a caller's token out of what is shown (the client's errors, the
 * proxy's drift lines): a token of {@link MIN_SECRET_LENGTH} characters or more is replaced
 * wherever any of its echo forms occurs; a shorter one could also be a piece of ordinary text, so
 * only its whole echoes (bounded by characters a token cannot hold) are replaced.
 */
export const tokenRedactor = (token: string, replacement = REDACTED): ((text: string) => string) =>
  token.length >= MIN_SECRET_LENGTH ? secretRedactor(token, replacement) : wholeEchoes(token, replacement);
