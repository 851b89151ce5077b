/**
 * The typed openapi-fetch client of the MyCreditApp API: every path, parameter, body and response
 * typed by the generated `paths`. Headers and the token are passed per call or in `headers`.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "../generated/types.js";

/** The production server of the v1-beta API. */
export const DEFAULT_BASE_URL = "https://api.mycreditapp.ai/v1-beta";

export type RawClient = Client<paths>;

/** Creates an openapi-fetch client for the MyCreditApp API; `baseUrl` defaults to production. */
export function createRawClient(options: ClientOptions = {}): RawClient {
  return createClient<paths>({ baseUrl: DEFAULT_BASE_URL, ...options });
}
