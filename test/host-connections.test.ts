import { describe, expect, it } from "vitest";
import type { HostConnectionOrderBy, HostConnectionSearchField, ListHostConnectionsQuery } from "../generated/types.js";
import { createTestClient, selfHeaders } from "./support/client.ts";
import { parameterEnum } from "./support/enum-values.ts";
import { itAcceptsEachValue, itServesEachNamedExample } from "./support/shared-cases.ts";
import { responseErrors } from "./support/spec.ts";

const client = createTestClient();
const base: ListHostConnectionsQuery = { statuses: ["connected"], limit: 10, offset: 0 };

describe("GET /host-connections", () => {
  it("answers a minimal valid request with 200 and a page that matches HostConnectionPage", async () => {
    const { data, response } = await client.GET("/host-connections", { params: { header: selfHeaders, query: { ...base } } });
    expect(response.status).toBe(200);
    expect(responseErrors("listHostConnections", 200, data)).toEqual([]);
  });

  it("accepts every filter, the search and the pagination bounds together", async () => {
    const { response, data } = await client.GET("/host-connections", {
      params: {
        header: selfHeaders,
        query: {
          statuses: ["disconnected", "connected"],
          search_field: "host_email",
          search_text: "a",
          order_by: "archived_at",
          order_dir: "asc",
          archived: true,
          active_action_types: ["analytics_request"],
          limit: 100,
          offset: 250,
        },
      },
    });
    expect(response.status).toBe(200);
    expect(responseErrors("listHostConnections", 200, data)).toEqual([]);
  });

  it("accepts limit=0, one of the documented examples", async () => {
    const { response } = await client.GET("/host-connections", { params: { header: selfHeaders, query: { ...base, limit: 0 } } });
    expect(response.status).toBe(200);
  });

  it("rejects the guest-only sort field total_score with 422 naming order_by", async () => {
    const { response, error } = await client.GET("/host-connections", {
      // @ts-expect-error host connections cannot be sorted by score
      params: { header: selfHeaders, query: { ...base, order_by: "total_score" } },
    });
    expect(response.status).toBe(422);
    expect(Array.isArray(error?.detail) && error.detail.map((item) => item.loc)).toEqual([["query", "order_by"]]);
  });

  itAcceptsEachValue("order_by", parameterEnum("listHostConnections", "order_by"), (value) =>
    client.GET("/host-connections", {
      params: { header: selfHeaders, query: { ...base, order_by: value as HostConnectionOrderBy } },
    }),
  );

  itAcceptsEachValue("search_field", parameterEnum("listHostConnections", "search_field"), (value) =>
    client.GET("/host-connections", {
      params: { header: selfHeaders, query: { ...base, search_field: value as HostConnectionSearchField, search_text: "Host" } },
    }),
  );

  itServesEachNamedExample("listHostConnections", (headers) =>
    client.GET("/host-connections", { params: { header: selfHeaders, query: { ...base } }, headers }),
  );
});
