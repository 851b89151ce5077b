/**
 * `createMyCreditAppClient`: one method per operation with the credentials bound once, errors
 * thrown as typed errors (or returned, with `raw`), pagination helpers and the bound openapi-fetch
 * client for anything else.
 */
import type {
  GuestConnection,
  GuestInvitation,
  HostConnection,
  ListGuestConnectionsQuery,
  ListGuestConnectionsResponse,
  ListGuestInvitationsQuery,
  ListGuestInvitationsResponse,
  ListHostConnectionsQuery,
  ListHostConnectionsResponse,
  OperationId,
  PatchGuestConnectionBody,
  operations,
} from "../../generated/types.js";
import type { OperationError } from "./errors.ts";
import { resolveSettings, type CallOptions, type ClientOptions } from "./options.ts";
import { collectAll, paginate, type PageQuery } from "./paginate.ts";
import { call as callData, send, type CallInput } from "./send.ts";

/** A query as callers write it: its arrays may be readonly, as `as const` makes them. */
export type QueryInput<Q> = { [K in keyof Q]: ReadonlyArrays<Q[K]> };
type ReadonlyArrays<T> = T extends readonly unknown[] ? Readonly<T> : T;

type SuccessBody<O extends OperationId> = operations[O]["responses"][200]["content"]["application/json"];

/** A call's outcome without throwing on an error status: `error` is typed per status. */
export type RawResult<O extends OperationId> =
  { data: SuccessBody<O>; error?: undefined; response: Response } | { data?: undefined; error: OperationError<O>; response: Response };

export type CollectOptions = CallOptions & {
  /** Most items to collect; more throws `TooManyItemsError`. Default 1000. */
  maxItems?: number;
};

/** One method per list operation, for `paginate` and `collectAll`. */
interface ListMethods<R extends { [K in ListOperation]: unknown }, O> {
  listGuestConnections(query: PageQuery<QueryInput<ListGuestConnectionsQuery>>, options?: O): R["listGuestConnections"];
  listHostConnections(query: PageQuery<QueryInput<ListHostConnectionsQuery>>, options?: O): R["listHostConnections"];
  listGuestInvitations(query: PageQuery<QueryInput<ListGuestInvitationsQuery>>, options?: O): R["listGuestInvitations"];
}

type ListOperation = "listGuestConnections" | "listHostConnections" | "listGuestInvitations";
const LIST_OPERATIONS: readonly ListOperation[] = ["listGuestConnections", "listHostConnections", "listGuestInvitations"];

export interface MyCreditAppClient {
  /** `GET /guest-connections`: one page of the host's guest connections. */
  listGuestConnections(query: QueryInput<ListGuestConnectionsQuery>, options?: CallOptions): Promise<ListGuestConnectionsResponse>;
  /** `GET /host-connections`: one page of the guest's host connections. */
  listHostConnections(query: QueryInput<ListHostConnectionsQuery>, options?: CallOptions): Promise<ListHostConnectionsResponse>;
  /** `GET /guest-invitations`: one page of the host's guest invitations (Self only). */
  listGuestInvitations(query: QueryInput<ListGuestInvitationsQuery>, options?: CallOptions): Promise<ListGuestInvitationsResponse>;
  /** `GET /guest-connections/{guest_org_id}` (Self only). */
  getGuestConnection(guestOrgId: string, options?: CallOptions): Promise<GuestConnection>;
  /** `PATCH /guest-connections/{guest_org_id}`. Never retried. */
  patchGuestConnection(guestOrgId: string, body: PatchGuestConnectionBody, options?: CallOptions): Promise<GuestConnection>;
  /** `patchGuestConnection(guestOrgId, { archived: true })`. */
  archiveGuestConnection(guestOrgId: string, options?: CallOptions): Promise<GuestConnection>;
  /** `patchGuestConnection(guestOrgId, { archived: false })`. */
  unarchiveGuestConnection(guestOrgId: string, options?: CallOptions): Promise<GuestConnection>;

  /** Async iterators over every item of a list, page by page (`limit` is the page size). */
  paginate: ListMethods<
    {
      listGuestConnections: AsyncGenerator<GuestConnection, void, undefined>;
      listHostConnections: AsyncGenerator<HostConnection, void, undefined>;
      listGuestInvitations: AsyncGenerator<GuestInvitation, void, undefined>;
    },
    CallOptions
  >;
  /** Every item of a list in one array, up to `maxItems`. */
  collectAll: ListMethods<
    {
      listGuestConnections: Promise<GuestConnection[]>;
      listHostConnections: Promise<HostConnection[]>;
      listGuestInvitations: Promise<GuestInvitation[]>;
    },
    CollectOptions
  >;
  /** The same operations, returning `{ data, error, response }` instead of throwing an `ApiError`. */
  raw: {
    listGuestConnections(query: QueryInput<ListGuestConnectionsQuery>, options?: CallOptions): Promise<RawResult<"listGuestConnections">>;
    listHostConnections(query: QueryInput<ListHostConnectionsQuery>, options?: CallOptions): Promise<RawResult<"listHostConnections">>;
    listGuestInvitations(query: QueryInput<ListGuestInvitationsQuery>, options?: CallOptions): Promise<RawResult<"listGuestInvitations">>;
    getGuestConnection(guestOrgId: string, options?: CallOptions): Promise<RawResult<"getGuestConnection">>;
    patchGuestConnection(guestOrgId: string, body: PatchGuestConnectionBody, options?: CallOptions): Promise<RawResult<"patchGuestConnection">>;
  };
}

export function createMyCreditAppClient(options: ClientOptions): MyCreditAppClient {
  const settings = resolveSettings(options);

  const raw = (operation: OperationId, input: CallInput, callOptions?: CallOptions) => send(settings, operation, input, callOptions);
  const call = (operation: OperationId, input: CallInput, callOptions?: CallOptions) => callData(settings, operation, input, callOptions) as Promise<never>;
  /** The five operation methods over `run`: throwing (`call`) or returning `{ data, error }` (`raw`). */
  const methods = (run: typeof raw | typeof call) => {
    const byGuest = (guestOrgId: string) => ({ guest_org_id: guestOrgId });
    const table: Record<string, unknown> = {
      getGuestConnection: (guestOrgId: string, callOptions?: CallOptions) => run("getGuestConnection", { path: byGuest(guestOrgId) }, callOptions),
      patchGuestConnection: (guestOrgId: string, body: unknown, callOptions?: CallOptions) =>
        run("patchGuestConnection", { path: byGuest(guestOrgId), body }, callOptions),
    };
    for (const operation of LIST_OPERATIONS) table[operation] = (query: unknown, callOptions?: CallOptions) => run(operation, { query }, callOptions);
    return table;
  };
  const calls = methods(call) as unknown as Omit<MyCreditAppClient, "archiveGuestConnection" | "unarchiveGuestConnection" | "paginate" | "collectAll" | "raw">;
  const listMethods = (walk: typeof paginate | typeof collectAll) =>
    Object.fromEntries(
      LIST_OPERATIONS.map((operation) => [
        operation,
        (query: PageQuery<{ limit: number; offset: number }>, callOptions?: CollectOptions) =>
          walk(operation, (pageQuery, pageOptions) => call(operation, { query: pageQuery }, pageOptions), query, callOptions),
      ]),
    ) as never;

  return {
    ...calls,
    archiveGuestConnection: (guestOrgId, callOptions) => calls.patchGuestConnection(guestOrgId, { archived: true }, callOptions),
    unarchiveGuestConnection: (guestOrgId, callOptions) => calls.patchGuestConnection(guestOrgId, { archived: false }, callOptions),
    paginate: listMethods(paginate),
    collectAll: listMethods(collectAll),
    raw: methods(raw) as unknown as MyCreditAppClient["raw"],
  };
}
