/**
 * A generated request on the wire: its URL (arrays as repeated keys, as the spec says), its fetch
 * init, and a `curl` line that reproduces it. The token never appears in either: `curl` reads it
 * from `$TOKEN`, and the init is built with it only at the moment of sending.
 */
import { requestUrl } from "../http/request-url.ts";
import type { GeneratedRequest } from "./request-generator.ts";

/** `verify` never generates a path value a URL would read as a step in the path: one would be a bug here, not the deployment's. */
const refuse = (name: string): never => {
  throw new RangeError(`a generated path value of ${name} would be read as '.' or '..'`);
};

/** The URL, encoded exactly as the client's methods encode theirs. */
export function generatedRequestUrl(baseUrl: string, template: string, request: GeneratedRequest): string {
  return requestUrl(baseUrl.replace(/\/+$/, ""), template, request.path, request.query, refuse);
}

function bodyText(request: GeneratedRequest): string | undefined {
  if (request.body === undefined) return undefined;
  return "text" in request.body ? request.body.text : JSON.stringify(request.body.json);
}

/** The fetch init of a request; `token: null` sends none (the authentication check). */
export function requestInit(method: string, request: GeneratedRequest, token: string | null, timeoutMs: number): RequestInit {
  const body = bodyText(request);
  return {
    method,
    headers: {
      ...(token !== null && { Authorization: `Bearer ${token}` }),
      ...request.header,
      ...(body !== undefined && { "Content-Type": "application/json" }),
    },
    ...(body !== undefined && { body }),
    signal: AbortSignal.timeout(timeoutMs),
  };
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A shell line that sends the same request, the token read from `$TOKEN`. */
export function curlLine(method: string, url: string, request: GeneratedRequest, withToken: boolean): string {
  const body = bodyText(request);
  const parts = ["curl", "-sS", "-i", "-X", method, quote(url)];
  if (withToken) parts.push("-H", '"Authorization: Bearer $TOKEN"');
  for (const [name, value] of Object.entries(request.header)) parts.push("-H", quote(`${name}: ${value}`));
  if (body !== undefined) parts.push("-H", quote("Content-Type: application/json"), "--data-raw", quote(body));
  return parts.join(" ");
}
