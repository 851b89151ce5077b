/**
 * CORS for browser apps that call the mock server or the validating proxy from another origin
 * (a dev server on `http://127.0.0.1:5173` calling the mock on `:4010`). Preflights are answered
 * here, never passed on, and every answer (the fronts' own 4xx and 5xx included) carries
 * `Access-Control-Allow-Origin`. By default any origin may call, without credentials: the API
 * authenticates with a bearer token in `Authorization`, which needs no cookies, so there is no
 * reason to allow them. Named origins (`--cors-origin`) narrow that to exactly those origins.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HEADER_NAME } from "./header-name.ts";

export interface CorsPolicy {
  /** `*` for any origin, or the exact origins allowed (`http://127.0.0.1:5173`). */
  origins: "*" | readonly string[];
}

export const ANY_ORIGIN: CorsPolicy = { origins: "*" };

/** The request headers the operations read; a browser asks before it sends any of them. */
const ALLOWED_HEADERS = "Authorization, Requester-Organization-ID, Target-Organization-ID, Content-Type, Prefer";
/** A list of header names, as a preflight's `Access-Control-Request-Headers` holds. */
const NAME = HEADER_NAME.source.slice(1, -1);
const HEADER_NAMES = new RegExp(`^${NAME}(?:[ \t]*,[ \t]*${NAME})*$`);

/**
 * The headers a preflight may announce: the operations' own, and whatever else the page asked for
 * (a client's tracing headers, `traceparent` or `x-request-id`), as the usual CORS middleware
 * allows them when none are configured. The API ignores headers it does not read, and the mock
 * answers as it does. An ask that is not a list of header names gets the operations' own only.
 */
function allowedHeaders(request: IncomingMessage): string {
  const asked = request.headers["access-control-request-headers"];
  return typeof asked === "string" && HEADER_NAMES.test(asked.trim()) ? `${ALLOWED_HEADERS}, ${asked.trim()}` : ALLOWED_HEADERS;
}
/** The response headers the package's client reads, so that a browser lets scripts read them too. */
const EXPOSED_HEADERS = "Retry-After, X-Request-ID, Request-ID, Allow";
const PREFLIGHT_CACHE_SECONDS = "600";

/** An origin is `scheme://host[:port]`, or `null` for opaque origins; anything else is a mistake worth reporting. */
export function checkOrigin(origin: string): string | undefined {
  if (origin === "null") return undefined;
  try {
    const url = new URL(origin);
    if (url.origin !== origin) return `"${origin}" is not an origin; write it as ${url.origin}`;
    return undefined;
  } catch {
    return `"${origin}" is not an origin (scheme://host[:port])`;
  }
}

const originOf = (request: IncomingMessage): string | undefined => {
  const value = request.headers.origin;
  return typeof value === "string" ? value : undefined;
};

/** The CORS headers of an answer to `request`; none when it came from an origin the policy does not allow. */
function corsHeaders(policy: CorsPolicy, request: IncomingMessage): Record<string, string> {
  if (policy.origins === "*") return { "access-control-allow-origin": "*", "access-control-expose-headers": EXPOSED_HEADERS };
  const origin = originOf(request);
  const vary = { vary: "Origin" };
  if (origin === undefined || !policy.origins.includes(origin)) return vary;
  return { ...vary, "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSED_HEADERS };
}

/** A CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`. */
const isPreflight = (request: IncomingMessage): boolean =>
  request.method === "OPTIONS" && originOf(request) !== undefined && request.headers["access-control-request-method"] !== undefined;

/**
 * What both fronts do first with every request: set the CORS headers on its answer, whatever that
 * answer will be, and answer it here when it is a preflight (the methods of `pathname`, or all the
 * API's when no operation has that path). True when the request was a preflight and is answered.
 */
export function handleCors(
  policy: CorsPolicy,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  methodsOf: (pathname?: string) => string[],
): boolean {
  for (const [name, value] of Object.entries(corsHeaders(policy, request))) response.setHeader(name, value);
  if (!isPreflight(request)) return false;
  const methods = methodsOf(pathname);
  answerPreflight(policy, request, response, methods.length > 0 ? methods : methodsOf());
  request.resume();
  return true;
}

/** Answers a preflight: 204 with what may be sent, or 403 saying how to allow an origin that is not. */
function answerPreflight(policy: CorsPolicy, request: IncomingMessage, response: ServerResponse, methods: readonly string[]): void {
  const headers = corsHeaders(policy, request);
  if (headers["access-control-allow-origin"] === undefined) {
    response.writeHead(403, { ...headers, "content-type": "application/json" });
    response.end(JSON.stringify({ detail: `Origin ${JSON.stringify(originOf(request))} is not allowed; name it with --cors-origin` }));
    return;
  }
  response.writeHead(204, {
    ...headers,
    "access-control-allow-methods": methods.join(", "),
    "access-control-allow-headers": allowedHeaders(request),
    // The allowed headers follow the ask, so a cache must key the answer on it.
    vary: headers["vary"] ? `${headers["vary"]}, Access-Control-Request-Headers` : "Access-Control-Request-Headers",
    "access-control-max-age": PREFLIGHT_CACHE_SECONDS,
  });
  response.end();
}

/** Removes the CORS headers an upstream sent, so that only the policy's reach the browser. */
export function withoutUpstreamCors(headers: Record<string, string | string[] | undefined>): Record<string, string | string[] | undefined> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith("access-control-")));
}
