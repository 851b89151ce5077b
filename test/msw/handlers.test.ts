/**
 * The in-process mock behaves like the API: filters, search, sort and true totals; a PATCH that
 * really archives; 401, 403, 404 and 422 in the API's format. Every response is checked against the
 * spec (the client's response validation is on, and raw answers are validated here).
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createMyCreditAppClient, DEFAULT_BASE_URL, type GuestConnection, type OperationId } from "../../src/index.ts";
import { createFixtures, createMockStore, createMswHandlers, FIXTURE_ORGANIZATION_ID } from "../../src/msw/index.ts";
import { validateResponse } from "../../src/response-validators/index.ts";
import { mockUrl } from "../support/client.ts";
import { namedExamples, responseErrors } from "../support/spec.ts";

const ME = FIXTURE_ORGANIZATION_ID;
const fixtures = createFixtures();
const guests: GuestConnection[] = [
  fixtures.guestConnection({ guest_name: "Acme Corp", guest_email: "ops@acme.example", total_score: 70 }),
  fixtures.guestConnection({ guest_name: "Beta Ltd", status: "disconnected", total_score: null }),
  fixtures.guestConnection({ guest_name: "acme holdings", archived: true, total_score: 12 }),
  fixtures.guestConnection({ guest_name: "Gamma", active_action_type: "analytics_request", total_score: 95 }),
  ...Array.from({ length: 21 }, () => fixtures.guestConnection()),
];
const OTHER_HOST = "11111111-2222-4333-8444-555555555555";
const store = createMockStore({
  guestConnections: [...guests, fixtures.guestConnection({ host_organization_id: OTHER_HOST, guest_name: "Not mine" })],
  hostConnections: [fixtures.hostConnection({ host_name: "Big Bank" }), fixtures.hostConnection({ host_name: "Small Bank", archived: true })],
  guestInvitations: [
    fixtures.guestInvitation({ email: "first@new.example" }),
    fixtures.guestInvitation({ email: "second@new.example", expired: true }),
    fixtures.guestInvitation({ email: "third@old.example", status: "accepted_by_guest" }),
  ],
});
const PATCH_TIME = new Date(Date.UTC(2026, 5, 1, 12, 0, 0));
const server = setupServer(...createMswHandlers({ store, now: () => PATCH_TIME }));

// Requests to the mock server on loopback (the comparison below) pass through; anything else unmatched fails.
beforeAll(() =>
  server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  }),
);
afterEach(() => store.reset());
afterAll(() => server.close());

const api = createMyCreditAppClient({ token: "msw-token", requesterOrganizationId: ME, validateResponse, retry: false });
const all = { statuses: ["connected", "disconnected"], limit: 100, offset: 0 } as const;
const names = (page: { items: readonly { guest_name: string }[] }) => page.items.map((item) => item.guest_name);

function raw(path: string, init: RequestInit = {}, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${DEFAULT_BASE_URL}${path}`, {
    ...init,
    headers: { Authorization: "Bearer msw-token", "Requester-Organization-ID": ME, "Target-Organization-ID": ME, ...headers },
  });
}

describe("lists", () => {
  it("list only the target organization's items, with a true total", async () => {
    const page = await api.listGuestConnections(all);
    expect(page.total_items).toBe(guests.length);
    expect(names(page)).not.toContain("Not mine");
  });

  it("filter by statuses, archived and active_action_types", async () => {
    expect(names(await api.listGuestConnections({ ...all, statuses: ["disconnected"] }))).toEqual(["Beta Ltd"]);
    expect(names(await api.listGuestConnections({ ...all, archived: true }))).toEqual(["acme holdings"]);
    expect((await api.listGuestConnections({ ...all, archived: false })).total_items).toBe(guests.length - 1);
    expect(names(await api.listGuestConnections({ ...all, active_action_types: ["analytics_request"] }))).toEqual(["Gamma"]);
    const invitations = await api.listGuestInvitations({ statuses: ["sent"], expired: false, limit: 10, offset: 0 });
    expect(invitations.items.map((item) => item.email)).toEqual(["first@new.example"]);
  });

  it("search the chosen field, case-insensitively", async () => {
    expect(names(await api.listGuestConnections({ ...all, search_text: "ACME" })).sort()).toEqual(["Acme Corp", "acme holdings"]);
    expect(names(await api.listGuestConnections({ ...all, search_field: "guest_email", search_text: "ops@" }))).toEqual(["Acme Corp"]);
    const invitations = await api.listGuestInvitations({ statuses: ["sent", "accepted_by_guest"], email_search: "NEW.example", limit: 10, offset: 0 });
    expect(invitations.items.map((item) => item.email).sort()).toEqual(["first@new.example", "second@new.example"]);
    const hosts = await api.listHostConnections({ statuses: ["connected"], search_text: "big", limit: 10, offset: 0 });
    expect(hosts.items.map((item) => item.host_name)).toEqual(["Big Bank"]);
  });

  it("sort by order_by and order_dir, nulls last ascending", async () => {
    const byScore = await api.listGuestConnections({ ...all, order_by: "total_score", order_dir: "asc" });
    const scores = byScore.items.map((item) => item.total_score);
    expect(scores.at(-1)).toBeNull();
    const numbers = scores.filter((score): score is number => score !== null);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const descending = await api.listGuestConnections({ ...all, order_by: "guest_name", order_dir: "desc" });
    expect(names(descending)).toEqual(names(descending).slice().sort().reverse());
    // The default order is the spec's: guest_name, ascending.
    expect(names(await api.listGuestConnections(all))).toEqual(names(descending).slice().reverse());
  });

  it("serve an empty page, with the true total, for a limit below 1", async () => {
    for (const limit of [0, -5]) {
      const page = await api.listGuestConnections({ ...all, limit });
      expect(page).toEqual({ items: [], total_items: guests.length });
    }
  });

  it("paginate with limit and offset without overlaps or gaps", async () => {
    const first = await api.listGuestConnections({ ...all, limit: 10, offset: 0 });
    const second = await api.listGuestConnections({ ...all, limit: 10, offset: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.total_items).toBe(guests.length);
    const walked = [];
    for await (const item of api.paginate.listGuestConnections({ statuses: ["connected", "disconnected"], limit: 7 })) walked.push(item.guest_name);
    expect(walked).toEqual(names(await api.listGuestConnections(all)));
    expect([...names(first), ...names(second)]).toEqual(walked.slice(0, 20));
  });
});

describe("the connection detail and the PATCH", () => {
  const acme = guests[0] as GuestConnection;

  it("really archive: a later GET and list show it, with archived_at set", async () => {
    const patched = await api.archiveGuestConnection(acme.guest_organization_id);
    expect(patched).toMatchObject({ archived: true, archived_at: "2026-06-01T12:00:00.000000", updated_at: "2026-06-01T12:00:00.000000" });
    expect(await api.getGuestConnection(acme.guest_organization_id)).toEqual(patched);
    expect(names(await api.listGuestConnections({ ...all, archived: true })).sort()).toEqual(["Acme Corp", "acme holdings"]);
    const restored = await api.unarchiveGuestConnection(acme.guest_organization_id);
    expect(restored).toMatchObject({ archived: false, archived_at: null });
  });

  it("answer 404 for an unknown or another host's connection", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", store.guestConnections.at(-1)?.guest_organization_id as string]) {
      const error = await api.getGuestConnection(id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(404);
      expect((error as ApiError).detail[0]?.code).toBe("not_found");
      const patch = await api.raw.patchGuestConnection(id, { archived: true });
      expect(patch.error?.status).toBe(404);
    }
  });
});

describe("errors", () => {
  it("answers 401 without a token, with the spec's own example body", async () => {
    const response = await fetch(`${DEFAULT_BASE_URL}/guest-connections?statuses=connected&limit=1&offset=0`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(namedExamples("listGuestConnections", 401)["invalidToken"]);
  });

  it("answers 403 and 404 with the spec's own example bodies", async () => {
    const stranger = "99999999-8888-4777-8666-555555555555";
    const forbidden = await raw("/guest-connections?statuses=connected&limit=1&offset=0", {}, { "Requester-Organization-ID": stranger });
    expect(await forbidden.json()).toEqual(namedExamples("listGuestConnections", 403)["scenarioNotAllowed"]);
    const missing = await raw("/guest-connections/00000000-0000-4000-8000-000000000000");
    expect(await missing.json()).toEqual(namedExamples("getGuestConnection", 404)["connectionNotFound"]);
  });

  it("answers 422 naming each invalid input, exactly as the mock server does", async () => {
    const requests: [OperationId, string, RequestInit, Record<string, string>][] = [
      ["listGuestConnections", "/guest-connections?statuses=paused&limit=500&offset=-1&search_text=", {}, {}],
      ["listGuestInvitations", "/guest-invitations?limit=10&offset=0", {}, { "Target-Organization-ID": "not-a-uuid" }],
      ["patchGuestConnection", `/guest-connections/${acmeId()}`, { method: "PATCH", body: '{"archived": "maybe"}' }, { "Content-Type": "application/json" }],
      ["patchGuestConnection", `/guest-connections/${acmeId()}`, { method: "PATCH", body: "{oops" }, { "Content-Type": "application/json" }],
    ];
    for (const [operationId, path, init, headers] of requests) {
      const inProcess = await raw(path, init, headers);
      expect(inProcess.status, path).toBe(422);
      const detail = await inProcess.json();
      expect(responseErrors(operationId, 422, detail)).toEqual([]);
      const overHttp = await fetch(`${mockUrl()}${path}`, {
        ...init,
        headers: { Authorization: "Bearer msw-token", "Requester-Organization-ID": ME, "Target-Organization-ID": ME, ...headers },
      });
      expect(await overHttp.json(), path).toEqual(detail);
    }
  });

  it("answers 403 for a scenario the operation does not allow, and serves an allowed one", async () => {
    const stranger = "99999999-8888-4777-8666-555555555555";
    const asStranger = await raw("/guest-connections?statuses=connected&limit=1&offset=0", {}, { "Requester-Organization-ID": stranger });
    expect(asStranger.status).toBe(403);
    expect(responseErrors("listGuestConnections", 403, await asStranger.json())).toEqual([]);
    // Host → Guest: the host reads the guest's host connections.
    const guest = acmeId();
    const hostToGuest = await raw(`/host-connections?statuses=connected&limit=1&offset=0`, {}, { "Target-Organization-ID": guest });
    expect(hostToGuest.status).toBe(200);
    // The detail allows Self only.
    const detail = await raw(`/guest-connections/${guest}`, {}, { "Target-Organization-ID": guest });
    expect(detail.status).toBe(403);
  });
});

function acmeId(): string {
  return (guests[0] as GuestConnection).guest_organization_id;
}
