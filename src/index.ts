/**
 * @mycreditapp/api-contract: the types of the MyCreditApp v1-beta API, generated from its OpenAPI
 * spec, and a typed client. The mock server lives in the `./mock` entry (Node only).
 */
export type * from "../generated/types.js";
export { createRawClient, DEFAULT_BASE_URL, type RawClient } from "./raw-client.ts";
