/**
 * The openapi-fetch client with the credentials bound, by its older name: it is
 * `createMyCreditAppClient(options).fetchClient` (see call.ts).
 */
import type { BoundFetchClient, BoundPaths } from "./caller-paths.ts";
import { createMyCreditAppClient } from "./create-client.ts";
import type { ClientOptions } from "./client-options.ts";

export type { BoundFetchClient, BoundPaths };

/** The options of `createMyCreditAppClient`. */
export type BoundFetchClientOptions = ClientOptions;

/**
 * @deprecated Use `createMyCreditAppClient(options).fetchClient`, the same client; this alias goes
 * in the next minor release. It is the openapi-fetch client the methods run on, with every feature
 * of theirs (time-outs, retries, checks, typed errors).
 */
export function createBoundFetchClient(options: BoundFetchClientOptions): BoundFetchClient {
  return createMyCreditAppClient(options).fetchClient;
}
