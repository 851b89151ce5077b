/**
 * Makes a request safe for the mock engine. Prism exits on some requests a client can send (an
 * `Accept` it cannot parse, a percent-escape that does not decode) and answers 500 to others (a
 * `Content-Type` it cannot parse on a request it refuses anyway). What the API does with each is
 * known, so the front rewrites them into a request that means the same to the API:
 * - `Accept` is ignored by the API (it always answers JSON), so the engine is sent `application/json`;
 * - a percent-escape that does not decode to UTF-8 is taken literally (`%zz` becomes `%25zz`), the
 *   way the server reads the raw path: the value then fails its own check instead of the parser;
 * - a request without a bearer token is refused before its body is read, so its body is dropped;
 * - the body of one with a token was read as JSON by the front (or refused), so the engine is told
 *   so with a `Content-Type` it can parse (`application/json;;` is JSON to the server, a 500 to Prism).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Scenario } from "../admission/prefer.ts";
import type { ParsedRequest } from "../request-checks/request-validator.ts";
import { serializeQuery } from "../http/request-url.ts";
import { templatePieces } from "../spec/path-template.ts";

/** Each segment that does not decode has its `%` signs taken literally; the rest is left as sent. */
function literalBadEscapes(text: string, separator: RegExp): string {
  return text
    .split(separator)
    .map((part) => {
      try {
        decodeURIComponent(part);
        return part;
      } catch {
        return part.replace(/%/g, "%25");
      }
    })
    .join("");
}

/** The request target the engine is sent: path and query with every escape decodable. */
export function engineTarget(pathname: string, search: string): string {
  return literalBadEscapes(pathname, /(?=\/)/) + literalBadEscapes(search, /(?=[&?])/);
}

/** `type/subtype` of a content type, when it is one; what follows it is dropped. */
const essence = (contentType: string | undefined): string | undefined =>
  /^\s*([\w!#$&^.+-]+\/[\w!#$&^.+-]+)\s*(?:;|$)/.exec(contentType ?? "")?.[1]?.toLowerCase();

/**
 * The headers the engine is sent, for a body of `bodyLength` bytes. `authenticated` is false when
 * the request carries no bearer token; then no body is sent.
 */
export function engineHeaders(headers: IncomingHttpHeaders, authenticated: boolean, bodyLength: number): IncomingHttpHeaders {
  // The caller's connection header is about the caller's connection, not the one to the engine.
  const { connection: _connection, accept: _accept, "content-type": type, "content-length": _length, "transfer-encoding": _encoding, ...rest } = headers;
  const safe = { ...rest, accept: "application/json" };
  if (!authenticated || bodyLength === 0) return safe;
  return { ...safe, "content-type": essence(type) ?? "application/json", "content-length": String(bodyLength) };
}

/** A value the front read, written back the one way the engine reads it (`true`, `42`, a canonical UUID). */
const wireText = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * The request target of a request the front read and found valid, with each input in the one
 * form the engine accepts: the server reads `archived=YES`, `limit=5&limit=7` (the last value)
 * and `{C9B1F0D1-...}` as `archived=true`, `limit=7` and the UUID, while Prism refuses them, so
 * the engine is sent those values instead. Query keys the operation does not declare are kept.
 */
export function canonicalTarget(template: string, parsed: Pick<ParsedRequest, "path" | "query">, search: string): string {
  const path = templatePieces(template)
    .map((piece, index) => (index % 2 === 0 ? piece : encodeURIComponent(wireText(parsed.path[piece]))))
    .join("");
  // The declared inputs are written as the client writes a query; the others are kept as they came.
  const undeclared = [...new URLSearchParams(search)].filter(([name]) => !Object.hasOwn(parsed.query, name));
  const query = [serializeQuery(parsed.query), ...undeclared.map(([name, value]) => serializeQuery({ [name]: value }))].filter(Boolean).join("&");
  return path + (query ? `?${query}` : "");
}

/**
 * The declared headers of a valid request in the engine's form (canonical UUIDs), by lower-case
 * name, and the scenario it asked for as the engine reads a `Prefer` (`code=404, example=x`): the
 * caller's may be quoted or in another case (admission/prefer.ts), which the engine would not read.
 * Other preferences are not passed on: every mock answers only `code` and `example`.
 */
export function canonicalHeaders(parsed: Pick<ParsedRequest, "header">, scenario: Scenario): Record<string, string> {
  const prefer = [scenario.code !== undefined && `code=${scenario.code}`, scenario.example !== undefined && `example=${scenario.example}`].filter(Boolean);
  return {
    ...Object.fromEntries(Object.entries(parsed.header).map(([name, value]) => [name.toLowerCase(), wireText(value)])),
    prefer: prefer.join(", "),
  };
}
