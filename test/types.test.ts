/**
 * Type-level tests of the generated types. `expectTypeOf` checks run under `tsc` (npm run
 * test:types); each `@ts-expect-error` fails the type-check if the line it marks ever compiles.
 */
import { describe, expectTypeOf, it } from "vitest";
import type {
  ActionType,
  ConnectionStatus,
  ErrorDetail,
  ErrorResponse,
  GetGuestConnectionResponse,
  GuestConnection,
  GuestInvitation,
  HostConnection,
  InvitationStatus,
  ListGuestConnectionsQuery,
  ListGuestInvitationsQuery,
  ListHostConnectionsQuery,
  OrderDirection,
  PatchGuestConnectionBody,
  PatchGuestConnectionResponse,
} from "../src/index.ts";
import { createPlainClient } from "../src/index.ts";

const headers = { "Requester-Organization-ID": "a", "Target-Organization-ID": "b" };

describe("generated types", () => {
  it("types enums as unions of the documented values", () => {
    expectTypeOf<ConnectionStatus>().toEqualTypeOf<"connected" | "disconnected">();
    expectTypeOf<InvitationStatus>().toEqualTypeOf<"sent" | "accepted_by_guest" | "accepted_by_system">();
    expectTypeOf<ActionType>().toEqualTypeOf<"analytics_request">();
    expectTypeOf<OrderDirection>().toEqualTypeOf<"asc" | "desc">();
  });

  it("makes statuses, limit and offset required and every filter optional", () => {
    expectTypeOf<ListGuestConnectionsQuery["limit"]>().toEqualTypeOf<number>();
    expectTypeOf<ListGuestConnectionsQuery["offset"]>().toEqualTypeOf<number>();
    expectTypeOf<ListGuestConnectionsQuery>().toHaveProperty("statuses");
    // @ts-expect-error limit is required
    const noLimit: ListGuestConnectionsQuery = { statuses: ["connected"], offset: 0 };
    // @ts-expect-error statuses is required
    const noStatuses: ListHostConnectionsQuery = { limit: 1, offset: 0 };
    const onlyRequired: ListGuestInvitationsQuery = { statuses: ["sent"], limit: 1, offset: 0 };
    expectTypeOf(onlyRequired).toEqualTypeOf<ListGuestInvitationsQuery>();
    void noLimit;
    void noStatuses;
  });

  it("rejects an empty statuses list: a required array needs an item on the wire", () => {
    // @ts-expect-error minItems: 1 on GET /guest-connections
    const guest: ListGuestConnectionsQuery = { statuses: [], limit: 1, offset: 0 };
    // @ts-expect-error minItems: 1 on GET /guest-invitations
    const invitations: ListGuestInvitationsQuery = { statuses: [], limit: 1, offset: 0 };
    // @ts-expect-error GET /host-connections: the page documents no minimum, but an empty list cannot be sent
    const host: ListHostConnectionsQuery = { statuses: [], limit: 1, offset: 0 };
    // @ts-expect-error minItems: 1 on active_action_types
    const actions: ListGuestConnectionsQuery = { statuses: ["connected"], active_action_types: [], limit: 1, offset: 0 };
    void guest;
    void invitations;
    void host;
    void actions;
  });

  it("takes no null for the optional filters: a query string cannot carry one, absent means no filter", () => {
    expectTypeOf<ListGuestConnectionsQuery["search_text"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ListGuestConnectionsQuery["archived"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<ListGuestInvitationsQuery["email_search"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ListGuestInvitationsQuery["expired"]>().toEqualTypeOf<boolean | undefined>();
  });

  it("keeps each operation's own sort and search fields", () => {
    expectTypeOf<"total_score">().toMatchTypeOf<NonNullable<ListGuestConnectionsQuery["order_by"]>>();
    expectTypeOf<"total_score">().not.toMatchTypeOf<NonNullable<ListHostConnectionsQuery["order_by"]>>();
    expectTypeOf<NonNullable<ListHostConnectionsQuery["search_field"]>>().toEqualTypeOf<"host_name" | "host_email" | "owner_email">();
  });

  it("types required response fields as present and optional ones as nullable", () => {
    expectTypeOf<GuestConnection["guest_name"]>().toEqualTypeOf<string>();
    expectTypeOf<GuestConnection["archived"]>().toEqualTypeOf<boolean>();
    expectTypeOf<GuestConnection["total_score"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<GuestConnection["archived_at"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<GuestConnection["active_action_type"]>().toEqualTypeOf<"analytics_request" | null | undefined>();
    expectTypeOf<HostConnection["host_name"]>().toEqualTypeOf<string>();
    expectTypeOf<HostConnection["archived_at"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<GuestInvitation["invitation_token"]>().toEqualTypeOf<string>();
    expectTypeOf<GuestInvitation["accepted_at"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<GuestInvitation["status"]>().toEqualTypeOf<InvitationStatus>();
  });

  it("returns the full GuestConnection from the detail and the PATCH", () => {
    expectTypeOf<GetGuestConnectionResponse>().toEqualTypeOf<GuestConnection>();
    expectTypeOf<PatchGuestConnectionResponse>().toEqualTypeOf<GuestConnection>();
  });

  it("types the PATCH body as { archived: boolean }", () => {
    expectTypeOf<PatchGuestConnectionBody>().toEqualTypeOf<{ archived: boolean }>();
    // @ts-expect-error archived is required
    const empty: PatchGuestConnectionBody = {};
    void empty;
  });

  it("types error items with loc, msg, type and optional code, input and ctx, and detail as a list or a string", () => {
    expectTypeOf<ErrorDetail["loc"]>().toEqualTypeOf<(string | number)[]>();
    expectTypeOf<ErrorDetail["type"]>().toEqualTypeOf<string>();
    expectTypeOf<ErrorDetail["code"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ErrorResponse["detail"]>().toEqualTypeOf<ErrorDetail[] | string>();
    expectTypeOf<ErrorDetail>().toHaveProperty("ctx");
  });

  it("makes the typed client demand the organization headers and the right parameters", () => {
    const client = createPlainClient({ baseUrl: "http://127.0.0.1:1" });
    const call = () => {
      void client.GET("/guest-connections", { params: { header: headers, query: { statuses: ["connected"], limit: 10, offset: 0 } } });
      // @ts-expect-error the organization headers are required
      void client.GET("/guest-connections", { params: { query: { statuses: ["connected"], limit: 10, offset: 0 } } });
      // @ts-expect-error unknown enum value
      void client.GET("/guest-invitations", { params: { header: headers, query: { statuses: ["pending"], limit: 10, offset: 0 } } });
      // @ts-expect-error the PATCH body is required
      void client.PATCH("/guest-connections/{guest_org_id}", { params: { header: headers, path: { guest_org_id: "x" } } });
    };
    expectTypeOf(call).toBeFunction();
  });
});
