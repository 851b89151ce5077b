/**
 * The plain typed openapi-fetch client of the MyCreditApp API: every path, parameter, body and
 * response typed by the generated `paths`; headers and the token are passed per call. Most code
 * wants `createMyCreditAppClient`, or `createBoundFetchClient`: this client with the credentials bound.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "../generated/types.js";
import { DEFAULT_BASE_URL } from "./client/options.ts";

export type RawClient = Client<paths>;

/** Creates an openapi-fetch client for the MyCreditApp API; `baseUrl` defaults to production. */
export function createRawClient(options: ClientOptions = {}): RawClient {
  return createClient<paths>({ baseUrl: DEFAULT_BASE_URL, ...options });
}
