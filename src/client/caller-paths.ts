/**
 * The generated `paths` as callers write requests on openapi-fetch's surface: a query's arrays may
 * be readonly (`as const`, a `readonly` state slice), and, for a client with the credentials
 * bound, the bound headers are optional. openapi-fetch and openapi-react-query take their input
 * types from these, so every surface accepts what the methods accept.
 */
import type { Client } from "openapi-fetch";
import type { paths, QueryInput } from "../../generated/types.js";

/** The headers the client sets from its options (call.ts). */
type BoundHeader = "Requester-Organization-ID" | "Target-Organization-ID";
type BindHeaders<H> = Omit<H, BoundHeader> & Partial<Pick<H, Extract<keyof H, BoundHeader>>>;

type ReadonlyQuery<P> = { [K in keyof P]: K extends "query" ? QueryInput<P[K]> : P[K] };
type BoundParameters<P extends { header?: unknown }> = { [K in keyof ReadonlyQuery<P> as K extends "header" ? never : K]: ReadonlyQuery<P>[K] } & {
  header?: BindHeaders<NonNullable<P["header"]>>;
};

type InputOperation<O> = O extends { parameters: infer P } ? Omit<O, "parameters"> & { parameters: ReadonlyQuery<P> } : O;
type BoundOperation<O> = O extends { parameters: infer P extends { header?: unknown } } ? Omit<O, "parameters"> & { parameters: BoundParameters<P> } : O;

/** `paths` with readonly query arrays accepted. */
export type InputPaths = { [P in keyof paths]: { [M in keyof paths[P]]: InputOperation<paths[P][M]> } };
/** `paths` with the bound headers optional and readonly query arrays accepted. */
export type BoundPaths = { [P in keyof paths]: { [M in keyof paths[P]]: BoundOperation<paths[P][M]> } };
/** The openapi-fetch client the methods run on (`api.fetchClient`), typed so that it does not ask for the bound headers. */
export type BoundFetchClient = Client<BoundPaths>;
