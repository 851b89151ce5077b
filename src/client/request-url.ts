/**
 * The URL of a call, for the kinds of parameters this spec has (path parameters `simple`, query
 * parameters `form` with arrays as repeated keys). It encodes as openapi-fetch's default
 * serializers do, which a test checks on generated inputs, with three fixes that keep a value
 * from changing which URL is called: a query name is encoded too (`{"limit=1000&x": 1}` stays one
 * parameter), only a query object's own keys are sent (never inherited ones), and a path value of
 * `.` or `..` is refused with a `RequestValidationError`: URLs read it, escaped or not (`%2E%2E`),
 * as a step in the path, so it would call another resource.
 * `createBoundFetchClient` is given the same serializers, so both surfaces send the same URLs.
 */
import { templatePieces } from "../spec/path-template.ts";
import { RequestValidationError } from "./errors.ts";

/** A path value as one segment; one that a URL would read as a dot-segment cannot be sent at all. */
function segment(name: string, value: unknown): string {
  const encoded = encodeURIComponent(String(value));
  if (encoded === "." || encoded === "..") {
    const msg = "A path value of '.' or '..' cannot be sent: a URL reads it, escaped or not, as a step in the path";
    throw new RequestValidationError(undefined, [{ loc: ["path", name], msg, type: "value_error", input: String(value) }]);
  }
  return encoded;
}

/** A path template with its parameters filled in; a missing one stays `{name}`, as openapi-fetch leaves it. */
export function serializePath(template: string, path: Readonly<Record<string, unknown>> | undefined): string {
  const parts = templatePieces(template);
  let url = parts[0] as string;
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] as string;
    const value = path?.[name];
    url += (value === undefined || value === null ? `{${name}}` : segment(name, value)) + (parts[index + 1] as string);
  }
  return url;
}

/** The query string, without `?`; empty when no value is set. */
export function serializeQuery(query: Readonly<Record<string, unknown>> | undefined): string {
  let search = "";
  if (!query) return search;
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    const key = encodeURIComponent(name);
    if (!Array.isArray(value)) search += `&${key}=${encodeURIComponent(String(value))}`;
    else for (const item of value) search += `&${key}=${encodeURIComponent(String(item))}`;
  }
  return search.slice(1);
}

export function requestUrl(
  baseUrl: string,
  template: string,
  path: Readonly<Record<string, unknown>> | undefined,
  query: Readonly<Record<string, unknown>> | undefined,
): string {
  const url = baseUrl + serializePath(template, path);
  const search = serializeQuery(query);
  return search === "" ? url : `${url}?${search}`;
}
