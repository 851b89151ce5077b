/**
 * The URL of a call, for the kinds of parameters this spec has (path parameters `simple`, query
 * parameters `form` with arrays as repeated keys). It encodes as openapi-fetch's default
 * serializers do, which a test checks on generated inputs, with three fixes that keep a value
 * from changing which URL is called: a query name is encoded too (`{"limit=1000&x": 1}` stays one
 * parameter), only a query object's own keys are sent (never inherited ones), and a path value of
 * `.` or `..` is refused (the client's own refusal is a `RequestValidationError`): URLs read it,
 * escaped or not (`%2E%2E`), as a step in the path, so it would call another resource.
 * The client, `verify` and the mock's engine requests all build URLs here, below all of them.
 */
import { templatePieces } from "../spec/path-template.ts";

/** What a path value of `.` or `..` meets: the caller's own error (the client's names the input as a `RequestValidationError`). */
export type RefuseDotSegment = (name: string, value: string) => never;

/**
 * A path template with its parameters filled in, each value one segment; a missing one stays
 * `{name}`, as openapi-fetch leaves it, and one a URL would read as a dot-segment is refused.
 */
export function serializePath(template: string, path: Readonly<Record<string, unknown>> | undefined, refuse: RefuseDotSegment): string {
  const parts = templatePieces(template);
  let url = parts[0] as string;
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] as string;
    const value = path?.[name];
    const encoded = value === undefined || value === null ? `{${name}}` : encodeURIComponent(String(value));
    if (encoded === "." || encoded === "..") refuse(name, String(value));
    url += encoded + (parts[index + 1] as string);
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
  refuse: RefuseDotSegment,
): string {
  const url = baseUrl + serializePath(template, path, refuse);
  const search = serializeQuery(query);
  return search === "" ? url : `${url}?${search}`;
}
