import { describe, expect, it } from "vitest";
import type { GuestConnectionOrderBy, GuestConnectionSearchField, ListGuestConnectionsQuery } from "../generated/types.js";
import { createTestClient, selfHeaders } from "./support/client.ts";
import { parameterEnum } from "./support/enum-values.ts";
import { itAcceptsEachValue, itServesEachNamedExample } from "./support/shared-cases.ts";
import { responseErrors } from "./support/spec.ts";

const client = createTestClient();
const base: ListGuestConnectionsQuery = { statuses: ["connected"], limit: 10, offset: 0 };

describe("GET /guest-connections", () => {
  it("answers a minimal valid request with 200 and a page that matches GuestConnectionPage", async () => {
    const { data, error, response } = await client.GET("/guest-connections", { params: { header: selfHeaders, query: { ...base } } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(responseErrors("listGuestConnections", 200, data)).toEqual([]);
  });

  it("accepts every filter, the search and the pagination bounds together", async () => {
    const { response, data } = await client.GET("/guest-connections", {
      params: {
        header: selfHeaders,
        query: {
          statuses: ["connected", "disconnected"],
          search_field: "guest_email",
          search_text: "x".repeat(255),
          order_by: "total_score",
          order_dir: "desc",
          archived: false,
          active_action_types: ["analytics_request"],
          limit: 100,
          offset: 0,
        },
      },
    });
    expect(response.status).toBe(200);
    expect(responseErrors("listGuestConnections", 200, data)).toEqual([]);
  });

  itAcceptsEachValue("order_by", parameterEnum("listGuestConnections", "order_by"), (value) =>
    client.GET("/guest-connections", {
      params: { header: selfHeaders, query: { ...base, order_by: value as GuestConnectionOrderBy, order_dir: "desc" } },
    }),
  );

  itAcceptsEachValue("search_field", parameterEnum("listGuestConnections", "search_field"), (value) =>
    client.GET("/guest-connections", {
      params: { header: selfHeaders, query: { ...base, search_field: value as GuestConnectionSearchField, search_text: "Example Corp" } },
    }),
  );

  itServesEachNamedExample("listGuestConnections", (headers) =>
    client.GET("/guest-connections", { params: { header: selfHeaders, query: { ...base } }, headers }),
  );
});
