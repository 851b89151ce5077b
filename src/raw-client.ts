/**
 * The plain typed openapi-fetch client of the MyCreditApp API: every path, parameter, body and
 * response typed by the generated `paths`; headers and the token are passed per call. Most code
 * wants `createMyCreditAppClient`, or `createBoundFetchClient`: this client with the credentials bound.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { InputPaths } from "./client/caller-paths.ts";
import { DEFAULT_BASE_URL } from "./client/options.ts";
import { serializePath, serializeQuery } from "./http/request-url.ts";
import { refuseDotSegment } from "./client/request-url.ts";

export type RawClient = Client<InputPaths>;

/**
 * Creates an openapi-fetch client for the MyCreditApp API; `baseUrl` defaults to production. It
 * builds URLs as the methods do (a value can never change which URL is called; see
 * client/request-url.ts) unless `options` brings its own serializers.
 */
export function createRawClient(options: ClientOptions = {}): RawClient {
  return createClient<InputPaths>({
    baseUrl: DEFAULT_BASE_URL,
    pathSerializer: (url, path) => serializePath(url, path, refuseDotSegment),
    querySerializer: (query) => serializeQuery(query as Record<string, unknown>),
    ...options,
  });
}
