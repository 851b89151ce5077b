/**
 * The plain typed openapi-fetch client of the MyCreditApp API: every path, parameter, body and
 * response typed by the generated `paths`; headers and the token are passed per call, and nothing
 * is checked, retried or thrown. Most code wants `createMyCreditAppClient`, whose `fetchClient` is
 * this client with the credentials bound and every feature of the methods.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import { DEFAULT_BASE_URL } from "../http/base-url.ts";
import { serializePath, serializeQuery } from "../http/request-url.ts";
import type { InputPaths } from "./caller-paths.ts";
import { refuseDotSegment } from "./refuse-dot-segment.ts";

export type PlainClient = Client<InputPaths>;

/**
 * Creates an openapi-fetch client for the MyCreditApp API; `baseUrl` defaults to production. It
 * builds URLs as the methods do (a value can never change which URL is called; see
 * src/http/request-url.ts) unless `options` brings its own serializers.
 */
export function createPlainClient(options: ClientOptions = {}): PlainClient {
  return createClient<InputPaths>({
    baseUrl: DEFAULT_BASE_URL,
    pathSerializer: (url, path) => serializePath(url, path, refuseDotSegment),
    querySerializer: (query) => serializeQuery(query as Record<string, unknown>),
    ...options,
  });
}

/** @deprecated Renamed {@link PlainClient}: "raw" is `api.raw`, the methods that return errors. */
export type RawClient = PlainClient;
/** @deprecated Renamed {@link createPlainClient}: "raw" is `api.raw`, the methods that return errors; this alias goes in the next minor release. */
export const createRawClient: typeof createPlainClient = createPlainClient;
