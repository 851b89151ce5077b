/**
 * Mock parity with the server's lax parsing (the facts table): query booleans in any of their
 * words and cases, a repeated scalar (the last value wins), UUIDs without hyphens, in upper case,
 * in braces, and lax body booleans are all read by the front as the server reads them, and the
 * engine serves every request the front lets through: a 200 whose body keeps the contract, never
 * the engine's canned 422 naming another input. A dynamic mock shows that the last `limit` is the
 * one applied.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/index.ts";
import { GUEST_ORG_ID, mockUrl, REQUESTER_ID, TEST_TOKEN } from "../support/client.ts";
import { responseErrors } from "../support/spec.ts";

const hyphenless = (uuid: string) => uuid.replace(/-/g, "");
const FORMS_OF_REQUESTER = [hyphenless(REQUESTER_ID), REQUESTER_ID.toUpperCase(), `{${REQUESTER_ID}}`, `urn:uuid:${REQUESTER_ID}`];

/** `query` with the list's required inputs (a status, `limit`, `offset`) added where it has none of its own. */
function withPaging(path: string, query: string): string {
  const params = new URLSearchParams(query);
  if (!params.has("statuses")) params.set("statuses", path === "/guest-invitations" ? "sent" : "connected");
  if (!params.has("limit")) params.set("limit", "10");
  if (!params.has("offset")) params.set("offset", "0");
  return params.toString();
}

async function send(base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${TEST_TOKEN}`,
      "Requester-Organization-ID": REQUESTER_ID,
      "Target-Organization-ID": REQUESTER_ID,
      ...(init.body !== undefined && { "content-type": "application/json" }),
      ...init.headers,
    },
    ...(init.body !== undefined && { body: init.body }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("the mock reads lax inputs as the server does", () => {
  it.each([
    ["/guest-connections", "archived=yes", "listGuestConnections"],
    ["/guest-connections", "archived=1", "listGuestConnections"],
    ["/guest-connections", "archived=True", "listGuestConnections"],
    ["/guest-connections", "archived=OFF", "listGuestConnections"],
    ["/host-connections", "archived=n", "listHostConnections"],
    ["/guest-invitations", "expired=off", "listGuestInvitations"],
    ["/guest-invitations", "expired=Y&archived=false", "listGuestInvitations"],
    ["/guest-connections", "limit=5&limit=7", "listGuestConnections"],
    ["/guest-connections", "offset=200&offset=0", "listGuestConnections"],
  ])("GET %s?%s is a 200 that keeps the contract", async (path, query, operationId) => {
    const { status, body } = await send(mockUrl(), `${path}?${withPaging(path, query)}`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(responseErrors(operationId, 200, body)).toEqual([]);
  });

  it.each(FORMS_OF_REQUESTER)("takes the organization header as %s", async (form) => {
    const { status, body } = await send(mockUrl(), `/guest-connections?${withPaging("/guest-connections", "")}`, {
      headers: { "Requester-Organization-ID": form, "Target-Organization-ID": form },
    });
    expect(status, JSON.stringify(body)).toBe(200);
  });

  it.each([hyphenless(GUEST_ORG_ID), GUEST_ORG_ID.toUpperCase(), `{${GUEST_ORG_ID}}`])("takes the path id as %s", async (form) => {
    const { status, body } = await send(mockUrl(), `/guest-connections/${encodeURIComponent(form)}`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(responseErrors("getGuestConnection", 200, body)).toEqual([]);
  });

  it.each(['{"archived":"yes"}', '{"archived":"False"}', '{"archived":1}', '{"archived":0}'])("takes the PATCH body %s", async (text) => {
    const { status, body } = await send(mockUrl(), `/guest-connections/${GUEST_ORG_ID}`, { method: "PATCH", body: text });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(responseErrors("patchGuestConnection", 200, body)).toEqual([]);
  });

  it.each([
    [`/guest-connections?${withPaging("/guest-connections", "archived=maybe")}`, ["query", "archived"]],
    [`/guest-connections?${withPaging("/guest-connections", "limit=10&limit=500")}`, ["query", "limit"]],
    [`/guest-connections?${withPaging("/guest-connections", "limit=500&limit=10&offset=-1")}`, ["query", "offset"]],
    [`/guest-connections/${GUEST_ORG_ID.slice(0, -1)}`, ["path", "guest_org_id"]],
  ])("answers %s with a 422 that names %j, and only it", async (target, loc) => {
    const { status, body } = await send(mockUrl(), target);
    expect(status).toBe(422);
    expect(responseErrors(target.includes("?") ? "listGuestConnections" : "getGuestConnection", 422, body)).toEqual([]);
    expect((body as { detail: { loc: unknown[] }[] }).detail.map((item) => item.loc)).toEqual([loc]);
  });

  it("names the body when a PATCH body boolean is a word the server does not read", async () => {
    const { status, body } = await send(mockUrl(), `/guest-connections/${GUEST_ORG_ID}`, { method: "PATCH", body: '{"archived":"maybe"}' });
    expect(status).toBe(422);
    expect((body as { detail: { loc: unknown[] }[] }).detail.map((item) => item.loc)).toEqual([["body", "archived"]]);
  });
});

describe("a repeated scalar on a dynamic mock", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, host: "127.0.0.1", dynamic: true, seed: "lax-inputs" });
  });
  afterAll(() => mock.close());

  it("applies the last limit, as the server does", async () => {
    const { status, body } = await send(mock.url, `/guest-connections?${withPaging("/guest-connections", "limit=2&limit=3")}`);
    expect(status).toBe(200);
    const page = body as { items: unknown[]; total_items: number };
    expect(page.items.length).toBe(Math.min(3, page.total_items));
    expect(page.total_items).toBeGreaterThan(2);
  });
});
