import { describe, expect, it } from "vitest";
import type { GuestInvitationOrderBy, InvitationStatus, ListGuestInvitationsQuery } from "../generated/types.js";
import { createTestClient, selfHeaders } from "./support/client.ts";
import { parameterEnum } from "./support/enum-values.ts";
import { itAcceptsEachValue, itServesEachNamedExample } from "./support/shared-cases.ts";
import { responseErrors } from "./support/spec.ts";

const client = createTestClient();
const base: ListGuestInvitationsQuery = { statuses: ["sent"], limit: 10, offset: 0 };

describe("GET /guest-invitations", () => {
  it("answers a minimal valid request with 200 and a page that matches GuestInvitationPage", async () => {
    const { data, response } = await client.GET("/guest-invitations", { params: { header: selfHeaders, query: { ...base } } });
    expect(response.status).toBe(200);
    expect(responseErrors("listGuestInvitations", 200, data)).toEqual([]);
  });

  it("accepts every filter, the email search and the pagination bounds together", async () => {
    const { response, data } = await client.GET("/guest-invitations", {
      params: {
        header: selfHeaders,
        query: {
          statuses: ["sent", "accepted_by_guest", "accepted_by_system"],
          email_search: "guest@example.com",
          expired: false,
          archived: false,
          order_by: "expired_at",
          order_dir: "desc",
          limit: 100,
          offset: 0,
        },
      },
    });
    expect(response.status).toBe(200);
    expect(responseErrors("listGuestInvitations", 200, data)).toEqual([]);
  });

  itAcceptsEachValue("statuses", parameterEnum("listGuestInvitations", "statuses"), (value) =>
    client.GET("/guest-invitations", {
      params: { header: selfHeaders, query: { ...base, statuses: [value as InvitationStatus] } },
    }),
  );

  itAcceptsEachValue("order_by", parameterEnum("listGuestInvitations", "order_by"), (value) =>
    client.GET("/guest-invitations", {
      params: { header: selfHeaders, query: { ...base, order_by: value as GuestInvitationOrderBy } },
    }),
  );

  itServesEachNamedExample("listGuestInvitations", (headers) =>
    client.GET("/guest-invitations", { params: { header: selfHeaders, query: { ...base } }, headers }),
  );
});
