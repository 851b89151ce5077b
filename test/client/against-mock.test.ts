/**
 * The client against the package's Prism mock: every method, the bound credentials and the
 * per-call target, pagination over several pages and the error mapping. Every body is checked
 * against the spec by the oracle (test/support/spec.ts), besides the client's own validation.
 */
import { describe, expect, it } from "vitest";
import { ApiError, createBoundFetchClient, isApiError, TooManyItemsError } from "../../src/index.ts";
import { createTestApi, recordingFetch } from "../support/api.ts";
import { GUEST_ORG_ID, mockUrl, REQUESTER_ID, TEST_TOKEN } from "../support/client.ts";
import { namedExamples, responseErrors } from "../support/spec.ts";

const page = { limit: 10, offset: 0 } as const;

describe("client methods against the mock", () => {
  it("listGuestConnections returns a page that matches the spec", async () => {
    const result = await createTestApi().listGuestConnections({ statuses: ["connected"], ...page });
    expect(responseErrors("listGuestConnections", 200, result)).toEqual([]);
    // The default answer is the realistic example, not the reference page's placeholders.
    expect(result).toEqual(namedExamples("listGuestConnections", 200)["connected"]);
  });

  it("answers every list and the detail with realistic data by default, never the reference page's placeholders", async () => {
    const api = createTestApi();
    const answers = [
      await api.listGuestConnections({ statuses: ["connected"], ...page }),
      await api.listHostConnections({ statuses: ["connected"], ...page }),
      await api.listGuestInvitations({ statuses: ["sent"], ...page }),
      await api.getGuestConnection(GUEST_ORG_ID),
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toMatch(/<string>|"jsmith@example\.com"/);
  });

  it("listHostConnections returns a page that matches the spec", async () => {
    const result = await createTestApi().listHostConnections({ statuses: ["connected", "disconnected"], ...page });
    expect(responseErrors("listHostConnections", 200, result)).toEqual([]);
    expect(result.items.length).toBeGreaterThan(0);
  });

  it("listGuestInvitations returns a page that matches the spec", async () => {
    const result = await createTestApi().listGuestInvitations({ statuses: ["sent"], email_search: "guest@example.com", ...page });
    expect(responseErrors("listGuestInvitations", 200, result)).toEqual([]);
    expect(result.items.length).toBeGreaterThan(0);
  });

  it("getGuestConnection returns one connection that matches the spec", async () => {
    const result = await createTestApi().getGuestConnection(GUEST_ORG_ID);
    expect(responseErrors("getGuestConnection", 200, result)).toEqual([]);
    expect(result.guest_organization_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("patchGuestConnection, archiveGuestConnection and unarchiveGuestConnection send the body and return the connection", async () => {
    const recorder = recordingFetch();
    const api = createTestApi({ fetch: recorder.fetch });
    const patched = await api.patchGuestConnection(GUEST_ORG_ID, { archived: true }, { headers: { Prefer: "example=archived" } });
    const archived = await api.archiveGuestConnection(GUEST_ORG_ID, { headers: { Prefer: "example=archived" } });
    const unarchived = await api.unarchiveGuestConnection(GUEST_ORG_ID, { headers: { Prefer: "example=unarchived" } });
    for (const body of [patched, archived, unarchived]) expect(responseErrors("patchGuestConnection", 200, body)).toEqual([]);
    expect([patched.archived, archived.archived, unarchived.archived]).toEqual([true, true, false]);
    const sent = await Promise.all(recorder.requests.map(async (request) => [request.method, new URL(request.url).pathname, await request.text()]));
    expect(sent).toEqual([
      ["PATCH", `/guest-connections/${GUEST_ORG_ID}`, '{"archived":true}'],
      ["PATCH", `/guest-connections/${GUEST_ORG_ID}`, '{"archived":true}'],
      ["PATCH", `/guest-connections/${GUEST_ORG_ID}`, '{"archived":false}'],
    ]);
  });

  it("binds the token and the requester, targets the requester by default and the given organization per call", async () => {
    const recorder = recordingFetch();
    const api = createTestApi({ fetch: recorder.fetch });
    await api.listGuestConnections({ statuses: ["connected"], ...page });
    await api.listHostConnections({ statuses: ["connected"], ...page }, { targetOrganizationId: GUEST_ORG_ID });
    const headers = recorder.requests.map((request) => ({
      authorization: request.headers.get("authorization"),
      requester: request.headers.get("requester-organization-id"),
      target: request.headers.get("target-organization-id"),
    }));
    expect(headers).toEqual([
      { authorization: `Bearer ${TEST_TOKEN}`, requester: REQUESTER_ID, target: REQUESTER_ID },
      { authorization: `Bearer ${TEST_TOKEN}`, requester: REQUESTER_ID, target: GUEST_ORG_ID },
    ]);
  });

  it("calls a token function for every request, so a rotated token is used", async () => {
    const recorder = recordingFetch();
    let calls = 0;
    const api = createTestApi({ fetch: recorder.fetch, token: async () => `token-${++calls}` });
    await api.getGuestConnection(GUEST_ORG_ID);
    await api.getGuestConnection(GUEST_ORG_ID);
    expect(recorder.requests.map((request) => request.headers.get("authorization"))).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("offers the openapi-fetch client with the same options, the credentials added", async () => {
    const recorder = recordingFetch();
    const fetchClient = createBoundFetchClient({ baseUrl: mockUrl(), token: TEST_TOKEN, requesterOrganizationId: REQUESTER_ID, fetch: recorder.fetch });
    const { data, response } = await fetchClient.GET("/guest-connections/{guest_org_id}", { params: { path: { guest_org_id: GUEST_ORG_ID } } });
    expect(response.status).toBe(200);
    expect(responseErrors("getGuestConnection", 200, data)).toEqual([]);
    expect(recorder.requests[0]?.headers.get("target-organization-id")).toBe(REQUESTER_ID);
    expect(recorder.requests[0]?.headers.get("authorization")).toBe(`Bearer ${TEST_TOKEN}`);
  });
});

describe("pagination against the mock", () => {
  // The `firstPage` example holds 2 of 25 items; the mock serves it for every offset.
  const firstPage = { headers: { Prefer: "example=firstPage" } };

  it("walks offset/limit pages until total_items, one request per page", async () => {
    const recorder = recordingFetch();
    const api = createTestApi({ fetch: recorder.fetch });
    let count = 0;
    for await (const connection of api.paginate.listGuestConnections({ statuses: ["connected"], limit: 2 }, firstPage)) {
      expect(responseErrors("getGuestConnection", 200, connection)).toEqual([]);
      count++;
    }
    const offsets = recorder.requests.map((request) => new URL(request.url).searchParams.get("offset"));
    expect(offsets).toEqual(Array.from({ length: 13 }, (_, index) => String(index * 2)));
    expect(recorder.requests.every((request) => new URL(request.url).searchParams.get("limit") === "2")).toBe(true);
    expect(count).toBe(26);
  });

  it("uses the spec's maximum limit as the default page size", async () => {
    const recorder = recordingFetch();
    const api = createTestApi({ fetch: recorder.fetch });
    const items = await api.collectAll.listHostConnections({ statuses: ["connected"] });
    expect(items).toEqual((namedExamples("listHostConnections", 200)["active"] as { items: unknown[] }).items);
    expect(new URL(recorder.requests[0]?.url ?? "").searchParams.get("limit")).toBe("100");
  });

  it("collectAll stops with TooManyItemsError as soon as the total passes maxItems", async () => {
    const recorder = recordingFetch();
    const api = createTestApi({ fetch: recorder.fetch });
    const collected = api.collectAll.listGuestConnections({ statuses: ["connected"] }, { ...firstPage, maxItems: 10 });
    await expect(collected).rejects.toBeInstanceOf(TooManyItemsError);
    expect(recorder.requests).toHaveLength(1);
  });
});

describe("error mapping against the mock", () => {
  it("maps 401 to an ApiError with the parsed detail items", async () => {
    const error = await createTestApi()
      .listGuestInvitations({ statuses: ["sent"], ...page }, { headers: { Prefer: "code=401" } })
      .catch((caught: unknown) => caught);
    if (!isApiError(error, "listGuestInvitations")) throw new Error(`expected an ApiError, got ${String(error)}`);
    expect(error.status).toBe(401);
    expect(error.operation).toBe("listGuestInvitations");
    expect(error.detail.length).toBeGreaterThan(0);
    expect(responseErrors("listGuestInvitations", 401, error.body)).toEqual([]);
    expect(error.message).toContain(error.detail[0]?.msg);
  });

  it("maps 404 to an ApiError, and returns it instead of throwing in the raw style", async () => {
    const api = createTestApi();
    const thrown = await api.getGuestConnection(GUEST_ORG_ID, { headers: { Prefer: "code=404" } }).catch((caught: unknown) => caught);
    expect(thrown).toBeInstanceOf(ApiError);
    const result = await api.raw.getGuestConnection(GUEST_ORG_ID, { headers: { Prefer: "code=404" } });
    expect(result.data).toBeUndefined();
    expect(result.error?.status).toBe(404);
    expect(result.response.status).toBe(404);
    expect(result.error?.body).toEqual((thrown as ApiError).body);
  });

  it("maps the server's 422 to an ApiError naming the input, when the client's own checks are off", async () => {
    const api = createTestApi({ validateRequests: false });
    const result = await api.raw.listGuestConnections({ statuses: ["connected"], limit: 101, offset: 0 });
    expect(result.error?.status).toBe(422);
    expect(result.error?.detail.map((item) => [item.loc, item.type])).toEqual([[["query", "limit"], "less_than_equal"]]);
    expect(result.error?.message).toContain("query.limit");
  });
});
