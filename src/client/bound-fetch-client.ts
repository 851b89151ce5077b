/**
 * The plain openapi-fetch client with the credentials bound: a middleware adds the token and both
 * organization headers, and its types no longer demand those headers per call (plain openapi-fetch
 * would, since the spec marks them required). For anything the operation methods do not cover.
 * It is its own factory, not a property of `createMyCreditAppClient`'s client, so that apps using
 * only the methods do not ship openapi-fetch's request engine.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { BoundPaths } from "./caller-paths.ts";
import { RequestValidationError } from "./errors.ts";
import { resolveSettings, type ClientOptions } from "./options.ts";
import { serializePath, serializeQuery } from "./request-url.ts";
import { REQUESTER, resolveToken, TARGET } from "./send.ts";

export type { BoundPaths };
export type BoundFetchClient = Client<BoundPaths>;

/** The options of `createMyCreditAppClient` that openapi-fetch's client has no place for. */
const METHOD_ONLY = ["timeoutMs", "retry", "validateRequests", "validateResponse"] as const;

/** `createMyCreditAppClient`'s options, but for time-outs, retries and validation, which only its methods have. */
export type BoundFetchClientOptions = Omit<ClientOptions, (typeof METHOD_ONLY)[number]>;

/**
 * An openapi-fetch client with the credentials, base URL, `fetch` and headers of
 * `createMyCreditAppClient`'s options. Time-outs, retries and validation belong to the methods;
 * passing them here is an error rather than a silent no-op.
 */
export function createBoundFetchClient(options: BoundFetchClientOptions): BoundFetchClient {
  const given = (options ?? {}) as Record<string, unknown>;
  const refused = METHOD_ONLY.filter((name) => given[name] !== undefined);
  if (refused.length > 0) {
    throw new RequestValidationError(
      undefined,
      refused.map((name) => ({
        loc: ["options", name],
        msg: "createBoundFetchClient has no such option: time-outs, retries and validation are options of createMyCreditAppClient's methods",
        type: "extra_forbidden",
        code: "extra_forbidden",
      })),
    );
  }
  const settings = resolveSettings(options);
  const client = createClient<BoundPaths>({
    baseUrl: settings.baseUrl,
    headers: settings.headers ?? {},
    // The methods' serializers: a value can never change which URL is called (see request-url.ts).
    // openapi-fetch hands the path serializer the whole URL, base included, so it fills the template in place.
    pathSerializer: (url, path) => serializePath(url, path),
    querySerializer: (query) => serializeQuery(query as Record<string, unknown>),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  const bindCredentials: Middleware = {
    async onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${await resolveToken(settings.token, undefined)}`);
      if (!request.headers.has(REQUESTER)) request.headers.set(REQUESTER, settings.requester);
      if (!request.headers.has(TARGET)) request.headers.set(TARGET, settings.requester);
      return request;
    },
  };
  client.use(bindCredentials);
  return client;
}
