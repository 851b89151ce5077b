/**
 * Type-level tests of the client, enforced by `npm run test:types` (tsc over test/): bound headers
 * are not asked for per call, wrong parameter names and values do not compile, results carry the
 * generated types and an ApiError narrows by status. The calls never run; only their types count.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ApiError,
  createBoundFetchClient,
  createMyCreditAppClient,
  createPlainClient,
  isApiError,
  isNonEmpty,
  type ConnectionStatus,
  type ListGuestConnectionsQuery,
  type NonEmptyArray,
  type ErrorResponse,
  type GuestConnection,
  type GuestConnectionPage,
  type GuestInvitation,
  type MyCreditAppClient,
  type OperationError,
} from "../../src/index.ts";

declare const api: MyCreditAppClient;
const id = "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77";
const typeOnly = (check: () => unknown): void => void check;

describe("client types", () => {
  it("accepts `as const` arrays on every surface", () => {
    const statuses = ["connected"] as const;
    const query = { statuses, limit: 10, offset: 0 } as const;
    const named: ListGuestConnectionsQuery = query;
    typeOnly(() => api.listGuestConnections(query));
    typeOnly(() => api.collectAll.listGuestConnections(named));
    typeOnly(() => createBoundFetchClient({ token: "jwt", requesterOrganizationId: id }).GET("/guest-connections", { params: { query } }));
    typeOnly(() =>
      createPlainClient().GET("/guest-connections", {
        params: { query, header: { "Requester-Organization-ID": id, "Target-Organization-ID": id } },
      }),
    );
  });

  it("takes a multi-select's array where one item is required only once isNonEmpty has checked it", () => {
    const selected: ConnectionStatus[] = ["connected", "disconnected"];
    const frozen: readonly ConnectionStatus[] = selected;
    // @ts-expect-error `statuses` needs at least one value, which a plain array does not promise
    typeOnly(() => api.listGuestConnections({ statuses: selected, limit: 10, offset: 0 }));
    if (isNonEmpty(selected)) typeOnly(() => api.listGuestConnections({ statuses: selected, limit: 10, offset: 0 }));
    if (isNonEmpty(frozen)) {
      expectTypeOf(frozen).toEqualTypeOf<NonEmptyArray<ConnectionStatus>>();
      typeOnly(() =>
        createBoundFetchClient({ token: "jwt", requesterOrganizationId: id }).GET("/guest-connections", {
          params: { query: { statuses: frozen, limit: 10, offset: 0 } },
        }),
      );
    }
    expect([isNonEmpty([]), isNonEmpty(selected)]).toEqual([false, true]);
  });

  it("needs the token and the requester once, and no organization headers per call", () => {
    typeOnly(() => createMyCreditAppClient({ token: () => "jwt", requesterOrganizationId: id }));
    // @ts-expect-error the requester organization is required
    typeOnly(() => createMyCreditAppClient({ token: "jwt" }));
    expectTypeOf<MyCreditAppClient["listGuestConnections"]>().parameter(0).toHaveProperty("limit");
    expectTypeOf<Parameters<MyCreditAppClient["listGuestConnections"]>[0]>().not.toHaveProperty("Target-Organization-ID");
    typeOnly(() => api.listGuestConnections({ statuses: ["connected"], limit: 10, offset: 0 }, { targetOrganizationId: id }));
    typeOnly(() =>
      createBoundFetchClient({ token: "jwt", requesterOrganizationId: id }).GET("/guest-connections/{guest_org_id}", {
        params: { path: { guest_org_id: id } },
      }),
    );
  });

  it("refuses wrong parameter names and values", () => {
    // @ts-expect-error `statuses` is required by the spec
    typeOnly(() => api.listGuestConnections({ limit: 10, offset: 0 }));
    // @ts-expect-error `statuses` has at least one item (minItems: 1)
    typeOnly(() => api.listGuestConnections({ statuses: [], limit: 10, offset: 0 }));
    // @ts-expect-error "paused" is not a ConnectionStatus
    typeOnly(() => api.listGuestConnections({ statuses: ["paused"], limit: 10, offset: 0 }));
    // @ts-expect-error `searchText` is not a parameter (it is `search_text`)
    typeOnly(() => api.listGuestConnections({ statuses: ["connected"], limit: 10, offset: 0, searchText: "x" }));
    // @ts-expect-error `email_search` belongs to listGuestInvitations
    typeOnly(() => api.listHostConnections({ statuses: ["connected"], limit: 10, offset: 0, email_search: "x" }));
    // @ts-expect-error `archived` is a boolean
    typeOnly(() => api.patchGuestConnection(id, { archived: "yes" }));
    // @ts-expect-error the paginator manages `offset`, which stays a number
    typeOnly(() => api.paginate.listGuestInvitations({ statuses: ["sent"], offset: "0" }));
    // readonly arrays (`as const`) are accepted
    typeOnly(() => api.listGuestInvitations({ statuses: ["sent", "accepted_by_guest"] as const, limit: 10, offset: 0 }));
  });

  it("returns the generated types", () => {
    expectTypeOf<MyCreditAppClient["listGuestConnections"]>().returns.resolves.toEqualTypeOf<GuestConnectionPage>();
    expectTypeOf<MyCreditAppClient["getGuestConnection"]>().returns.resolves.toEqualTypeOf<GuestConnection>();
    expectTypeOf<MyCreditAppClient["archiveGuestConnection"]>().returns.resolves.toEqualTypeOf<GuestConnection>();
    expectTypeOf<MyCreditAppClient["paginate"]["listGuestInvitations"]>().returns.toEqualTypeOf<AsyncGenerator<GuestInvitation, void, undefined>>();
    expectTypeOf<MyCreditAppClient["collectAll"]["listGuestInvitations"]>().returns.resolves.toEqualTypeOf<GuestInvitation[]>();
  });

  it("narrows an ApiError by status", () => {
    type GetError = OperationError<"getGuestConnection">;
    expectTypeOf<Extract<GetError, { status: 404 }>["body"]>().toEqualTypeOf<ErrorResponse>();
    // listGuestConnections documents no 404: an unexpected 404 has an unknown body.
    const handleList = (error: OperationError<"listGuestConnections">): void => {
      if (error.status === 404) expectTypeOf(error.body).toBeUnknown();
      if (error.status === 401) expectTypeOf(error.body).toEqualTypeOf<ErrorResponse>();
    };
    typeOnly(() => handleList);

    const handle = (error: unknown): void => {
      if (!isApiError(error, "getGuestConnection")) return;
      expectTypeOf(error.operation).toEqualTypeOf<"getGuestConnection">();
      if (error.status === 404) expectTypeOf(error.body).toEqualTypeOf<ErrorResponse>();
      if (error.status === 503) expectTypeOf(error.body).toBeUnknown();
    };
    typeOnly(() => handle(new ApiError("getGuestConnection", 404, {}, undefined)));

    typeOnly(async () => {
      const result = await api.raw.getGuestConnection(id);
      if (result.error) {
        expectTypeOf(result.data).toBeUndefined();
        if (result.error.status === 422) expectTypeOf(result.error.body.detail).toEqualTypeOf<ErrorResponse["detail"]>();
      } else {
        expectTypeOf(result.data).toEqualTypeOf<GuestConnection>();
      }
    });
  });
});
