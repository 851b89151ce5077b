import { describe, expect, it } from "vitest";
import { createTestClient, GUEST_ORG_ID, selfHeaders } from "./support/client.ts";
import { itServesEachNamedExample } from "./support/shared-cases.ts";
import { responseErrors } from "./support/spec.ts";

const client = createTestClient();
const path = { guest_org_id: GUEST_ORG_ID };

describe("GET /guest-connections/{guest_org_id}", () => {
  it("answers with 200 and a full GuestConnection", async () => {
    const { data, response } = await client.GET("/guest-connections/{guest_org_id}", { params: { header: selfHeaders, path } });
    expect(response.status).toBe(200);
    expect(responseErrors("getGuestConnection", 200, data)).toEqual([]);
  });

  it("answers Prefer: code=404 with a 404 in the API's error shape", async () => {
    const { error, response } = await client.GET("/guest-connections/{guest_org_id}", {
      params: { header: selfHeaders, path },
      headers: { Prefer: "code=404" },
    });
    expect(response.status).toBe(404);
    expect(responseErrors("getGuestConnection", 404, error)).toEqual([]);
  });

  itServesEachNamedExample("getGuestConnection", (headers) =>
    client.GET("/guest-connections/{guest_org_id}", { params: { header: selfHeaders, path }, headers }),
  );
});

describe("PATCH /guest-connections/{guest_org_id}", () => {
  it.each([true, false])("accepts archived=%s and answers with a full GuestConnection", async (archived) => {
    const { data, response } = await client.PATCH("/guest-connections/{guest_org_id}", {
      params: { header: selfHeaders, path },
      body: { archived },
    });
    expect(response.status).toBe(200);
    expect(responseErrors("patchGuestConnection", 200, data)).toEqual([]);
  });

  it("answers Prefer: code=404 with a 404 in the API's error shape", async () => {
    const { error, response } = await client.PATCH("/guest-connections/{guest_org_id}", {
      params: { header: selfHeaders, path },
      body: { archived: true },
      headers: { Prefer: "code=404" },
    });
    expect(response.status).toBe(404);
    expect(responseErrors("patchGuestConnection", 404, error)).toEqual([]);
  });

  itServesEachNamedExample("patchGuestConnection", (headers) =>
    client.PATCH("/guest-connections/{guest_org_id}", { params: { header: selfHeaders, path }, body: { archived: true }, headers }),
  );
});
