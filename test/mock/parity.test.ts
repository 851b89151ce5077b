/**
 * The same request, the same answer, from both mocks: one list of requests (valid; each kind of
 * invalid input; no token; an unknown path; a wrong method; each `Prefer` form, plain, quoted and
 * in another case; an unknown scenario; a malformed `Prefer`) goes to the mock server and to the
 * in-process MSW mock, and both must answer with the same status and the same body shape: a
 * success that validates against the operation's schema, and errors equal but for the data the
 * mock server's engine fills in. Both decide through the one admission (src/admission/).
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { createFixtures, createMockStore, createMswHandlers } from "../../src/msw/index.ts";
import { GUEST_ORG_ID, mockUrl, REQUESTER_ID, TEST_TOKEN } from "../support/client.ts";
import { responseErrors } from "../support/spec.ts";

const MSW_BASE = "https://msw.parity.invalid/v1-beta";
const fixtures = createFixtures({ organizationId: REQUESTER_ID });
const store = createMockStore({
  guestConnections: [fixtures.guestConnection({ guest_organization_id: GUEST_ORG_ID })],
  hostConnections: [fixtures.hostConnection()],
  guestInvitations: [fixtures.guestInvitation()],
});
const server = setupServer(...createMswHandlers({ baseUrl: MSW_BASE, store }));
beforeAll(() =>
  server.listen({ onUnhandledRequest: (request, print) => (["127.0.0.1", "[::1]"].includes(new URL(request.url).hostname) ? undefined : print.error()) }),
);
afterAll(() => server.close());

const self = { "Requester-Organization-ID": REQUESTER_ID, "Target-Organization-ID": REQUESTER_ID };
const authorized = { ...self, Authorization: `Bearer ${TEST_TOKEN}` };
const LIST = "/guest-connections?statuses=connected&limit=10&offset=0";
const DETAIL = `/guest-connections/${GUEST_ORG_ID}`;
const firstExample = (operationId: OperationId, status: string): string =>
  Object.keys(
    (status === String(operationTable[operationId].success.status) ? operationTable[operationId].success : operationTable[operationId].errors[status])
      ?.examples ?? {},
  )[0] ?? "";

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  status: number;
  /** The operation whose schema a success must match. */
  operationId?: OperationId;
}

const CASES: Case[] = [
  { name: "a valid list request", path: LIST, init: { headers: authorized }, status: 200, operationId: "listGuestConnections" },
  { name: "a valid detail request", path: DETAIL, init: { headers: authorized }, status: 200, operationId: "getGuestConnection" },
  {
    name: "a valid PATCH",
    path: DETAIL,
    init: { method: "PATCH", headers: { ...authorized, "content-type": "application/json" }, body: '{"archived":true}' },
    status: 200,
    operationId: "patchGuestConnection",
  },
  { name: "no token", path: LIST, init: { headers: self }, status: 401 },
  { name: "a limit above its maximum", path: LIST.replace("limit=10", "limit=500"), init: { headers: authorized }, status: 422 },
  { name: "a status outside the enum", path: LIST.replace("connected", "pending"), init: { headers: authorized }, status: 422 },
  { name: "a missing required query", path: "/guest-connections?limit=10&offset=0", init: { headers: authorized }, status: 422 },
  {
    name: "a missing header",
    path: LIST,
    init: { headers: { Authorization: `Bearer ${TEST_TOKEN}`, "Requester-Organization-ID": REQUESTER_ID } },
    status: 422,
  },
  { name: "a malformed UUID in the path", path: "/guest-connections/not-a-uuid", init: { headers: authorized }, status: 422 },
  {
    name: "a body that is not JSON",
    path: DETAIL,
    init: { method: "PATCH", headers: { ...authorized, "content-type": "application/json" }, body: "{" },
    status: 422,
  },
  { name: "an unknown path", path: "/no-such-operation", init: { headers: authorized }, status: 404 },
  { name: "a method the path lacks", path: "/guest-connections", init: { method: "DELETE", headers: authorized }, status: 405 },
  { name: "Prefer code=404", path: DETAIL, init: { headers: { ...authorized, Prefer: "code=404" } }, status: 404 },
  { name: "Prefer code quoted", path: DETAIL, init: { headers: { ...authorized, Prefer: 'code="404"' } }, status: 404 },
  { name: "Prefer in capitals", path: DETAIL, init: { headers: { ...authorized, Prefer: "CODE=404" } }, status: 404 },
  {
    name: "Prefer a named example",
    path: DETAIL,
    init: { headers: { ...authorized, Prefer: `example=${firstExample("getGuestConnection", "200")}` } },
    status: 200,
    operationId: "getGuestConnection",
  },
  {
    name: "Prefer code and example",
    path: DETAIL,
    init: { headers: { ...authorized, Prefer: `code=404; example="${firstExample("getGuestConnection", "404")}"` } },
    status: 404,
  },
  { name: "Prefer a status the operation lacks", path: DETAIL, init: { headers: { ...authorized, Prefer: "code=418" } }, status: 400 },
  { name: "Prefer an example the operation lacks", path: DETAIL, init: { headers: { ...authorized, Prefer: "example=nope" } }, status: 400 },
  { name: "a malformed Prefer", path: DETAIL, init: { headers: { ...authorized, Prefer: "code" } }, status: 400 },
];

/** What must be equal across the mocks for an error body: everything, but the values a 422 echoes back as `input`. */
function errorShape(body: unknown): unknown {
  const detail = (body as { detail?: unknown }).detail;
  if (!Array.isArray(detail)) return body;
  return { detail: detail.map((item: Record<string, unknown>) => ({ loc: item["loc"], type: item["type"], code: item["code"] })) };
}

describe("the mock server and the in-process mock", () => {
  it.each(CASES)("answer $name alike ($status)", async ({ path, init, status, operationId }) => {
    const [server, msw] = await Promise.all([fetch(`${mockUrl()}${path}`, init), fetch(`${MSW_BASE}${path}`, init)]);
    const [serverBody, mswBody] = [await server.json(), await msw.json()];
    expect(server.status, JSON.stringify(serverBody)).toBe(status);
    expect(msw.status, JSON.stringify(mswBody)).toBe(status);
    if (operationId) {
      expect(responseErrors(operationId, status, serverBody)).toEqual([]);
      expect(responseErrors(operationId, status, mswBody)).toEqual([]);
    } else expect(errorShape(mswBody)).toEqual(errorShape(serverBody));
    if (status === 405) expect(msw.headers.get("allow")).toBe(server.headers.get("allow"));
    if (status === 400) expect(JSON.stringify(mswBody)).toContain("mock_unknown_scenario");
  });

  it("serve the same named example when one is asked for", async () => {
    const init = { headers: { ...authorized, Prefer: `example=${firstExample("getGuestConnection", "200")}` } };
    const [server, msw] = await Promise.all([fetch(`${mockUrl()}${DETAIL}`, init), fetch(`${MSW_BASE}${DETAIL}`, init)]);
    expect(await msw.json()).toEqual(await server.json());
  });
});
