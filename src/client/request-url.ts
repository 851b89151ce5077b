/**
 * The URL of a call. It encodes exactly as openapi-fetch's default serializers do for the kinds of
 * parameters this spec has (path parameters `simple`, query parameters `form` with arrays as
 * repeated keys), which a test checks on generated inputs, so the methods and `fetchClient` send
 * the same URLs. Those serializers handle every style OpenAPI allows and would weigh more in a
 * browser bundle than this whole client.
 */
export function requestUrl(
  baseUrl: string,
  template: string,
  path: Readonly<Record<string, unknown>> | undefined,
  query: Readonly<Record<string, unknown>> | undefined,
): string {
  const url = baseUrl + template.replace(/\{([^}]+)\}/g, (placeholder, name: string) => {
    const value = path?.[name];
    return value === undefined || value === null ? placeholder : encodeURIComponent(String(value));
  });
  const search: string[] = [];
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.push(`${name}=${encodeURIComponent(String(item))}`);
  }
  return search.length > 0 ? `${url}?${search.join("&")}` : url;
}
