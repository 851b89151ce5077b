/**
 * The URL of a call. It encodes exactly as openapi-fetch's default serializers do for the kinds of
 * parameters this spec has (path parameters `simple`, query parameters `form` with arrays as
 * repeated keys), which a test checks on generated inputs, so the methods and `createBoundFetchClient`
 * send the same URLs. Those serializers handle every style OpenAPI allows and would weigh more in a
 * browser bundle than this whole client.
 */
/** A path template split once into literal pieces and parameter names, alternating. */
const compiled = new Map<string, string[]>();
function pieces(template: string): string[] {
  const found = compiled.get(template);
  if (found) return found;
  const split = template.split(/\{([^}]+)\}/);
  compiled.set(template, split);
  return split;
}

/** The path parameter names of a template, in order: `/a/{x}/b/{y}` → `["x", "y"]`. */
const names = new Map<string, string[]>();
export function pathParameterNames(template: string): string[] {
  let found = names.get(template);
  if (!found) {
    found = pieces(template).filter((_, index) => index % 2 === 1);
    names.set(template, found);
  }
  return found;
}

export function requestUrl(
  baseUrl: string,
  template: string,
  path: Readonly<Record<string, unknown>> | undefined,
  query: Readonly<Record<string, unknown>> | undefined,
): string {
  const parts = pieces(template);
  let url = baseUrl + (parts[0] as string);
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] as string;
    const value = path?.[name];
    url += (value === undefined || value === null ? `{${name}}` : encodeURIComponent(String(value))) + (parts[index + 1] as string);
  }
  let search = "";
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) search += `&${name}=${encodeURIComponent(String(value))}`;
    else for (const item of value) search += `&${name}=${encodeURIComponent(String(item))}`;
  }
  return search === "" ? url : `${url}?${search.slice(1)}`;
}
