/**
 * Errors of every operation: 401 without a token, 422 in the API's error shape naming each
 * invalid input, and every named error example selectable with `Prefer`.
 */
import { describe, expect, it } from "vitest";
import { GUEST_ORG_ID, rawRequest, selfHeaders } from "./support/client.ts";
import { namedExamples, operation, operations, responseErrors } from "./support/spec.ts";

/** One valid request per operation, in raw form so each case can break one part of it. */
const validRequests: Record<string, { path: string; query: string; body?: string }> = {
  listGuestConnections: { path: "/guest-connections", query: "statuses=connected&limit=10&offset=0" },
  listHostConnections: { path: "/host-connections", query: "statuses=connected&limit=10&offset=0" },
  listGuestInvitations: { path: "/guest-invitations", query: "statuses=sent&limit=10&offset=0" },
  getGuestConnection: { path: `/guest-connections/${GUEST_ORG_ID}`, query: "" },
  patchGuestConnection: { path: `/guest-connections/${GUEST_ORG_ID}`, query: "", body: '{"archived":true}' },
};

async function send(
  operationId: string,
  change: { query?: string; headers?: Record<string, string>; omitHeader?: string; token?: string | null; body?: string; path?: string } = {},
) {
  const valid = validRequests[operationId];
  if (!valid) throw new Error(`No valid request for ${operationId}`);
  const op = operation(operationId);
  const query = change.query ?? valid.query;
  const body = change.body ?? valid.body;
  const response = await rawRequest(`${change.path ?? valid.path}${query ? `?${query}` : ""}`, {
    method: op.method,
    token: change.token === undefined ? "test-token" : change.token,
    headers: Object.fromEntries(
      Object.entries({ ...selfHeaders, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...change.headers }).filter(
        ([name]) => name !== change.omitHeader,
      ),
    ),
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, body: (await response.json()) as { detail: { loc: (string | number)[]; type: string }[] } };
}

/** Asserts a 422 in the API's error shape whose items name exactly the given inputs. */
function expectValidationError(operationId: string, result: Awaited<ReturnType<typeof send>>, locs: (string | number)[][]) {
  expect(result.status).toBe(422);
  expect(responseErrors(operationId, 422, result.body)).toEqual([]);
  expect(result.body.detail.map((item) => item.loc)).toEqual(locs);
}

const operationIds = operations.map((op) => op.operationId);
const listOperationIds = ["listGuestConnections", "listHostConnections", "listGuestInvitations"];

describe.each(operationIds)("errors of %s", (operationId) => {
  it("answers a request without a token with 401 in the API's error shape", async () => {
    const result = await send(operationId, { token: null });
    expect(result.status).toBe(401);
    expect(responseErrors(operationId, 401, result.body)).toEqual([]);
  });

  it("answers a missing Requester-Organization-ID with 422 naming the header", async () => {
    const result = await send(operationId, { omitHeader: "Requester-Organization-ID" });
    expectValidationError(operationId, result, [["header", "Requester-Organization-ID"]]);
    expect(result.body.detail[0]?.type).toBe("missing");
  });

  it("answers a malformed Target-Organization-ID with 422 naming the header", async () => {
    const result = await send(operationId, { headers: { "Target-Organization-ID": "not-a-uuid" } });
    expectValidationError(operationId, result, [["header", "Target-Organization-ID"]]);
    expect(result.body.detail[0]?.type).toBe("uuid_parsing");
  });

  it.each(Object.keys(namedExamples(operationId, 401)))("serves the 401 example %s", async (name) => {
    const result = await send(operationId, { token: null, headers: { Prefer: `example=${name}` } });
    expect(result.status).toBe(401);
    expect(result.body).toEqual(namedExamples(operationId, 401)[name]);
  });

  it.each(["403", "422", ...(operationId.startsWith("list") ? [] : ["404"])])("selects status %s with Prefer: code", async (status) => {
    for (const [name, value] of Object.entries(namedExamples(operationId, status))) {
      const result = await send(operationId, { headers: { Prefer: `code=${status}, example=${name}` } });
      expect(result.status).toBe(Number(status));
      expect(result.body).toEqual(value);
      expect(responseErrors(operationId, status, result.body)).toEqual([]);
    }
  });
});

describe.each(listOperationIds)("query validation of %s", (operationId) => {
  const base = validRequests[operationId]?.query ?? "";
  const statusValue = operationId === "listGuestInvitations" ? "sent" : "connected";
  const searchParameter = operationId === "listGuestInvitations" ? "email_search" : "search_text";

  it.each([
    ["limit above 100", `statuses=${statusValue}&limit=101&offset=0`, ["query", "limit"], "less_than_equal"],
    ["negative offset", `statuses=${statusValue}&limit=10&offset=-1`, ["query", "offset"], "greater_than_equal"],
    ["non-integer limit", `statuses=${statusValue}&limit=ten&offset=0`, ["query", "limit"], "int_parsing"],
    ["missing statuses", "limit=10&offset=0", ["query", "statuses"], "missing"],
    ["missing limit", `statuses=${statusValue}&offset=0`, ["query", "limit"], "missing"],
    ["missing offset", `statuses=${statusValue}&limit=10`, ["query", "offset"], "missing"],
    ["unknown status", `${base}&statuses=pending`, ["query", "statuses", 1], "enum"],
    ["unknown order_by", `${base}&order_by=bogus`, ["query", "order_by"], "enum"],
    ["unknown order_dir", `${base}&order_dir=up`, ["query", "order_dir"], "enum"],
    ["non-boolean archived", `${base}&archived=maybe`, ["query", "archived"], "bool_parsing"],
    [`empty ${searchParameter}`, `${base}&${searchParameter}=`, ["query", searchParameter], "string_too_short"],
    [`${searchParameter} of 256 characters`, `${base}&${searchParameter}=${"a".repeat(256)}`, ["query", searchParameter], "string_too_long"],
  ] as const)("answers %s with 422 naming the parameter", async (_case, query, loc, type) => {
    const result = await send(operationId, { query });
    expectValidationError(operationId, result, [[...loc]]);
    expect(result.body.detail[0]?.type).toBe(type);
  });

  it("reports every invalid input, one item each", async () => {
    const result = await send(operationId, { query: `statuses=${statusValue}&limit=500&offset=-5` });
    expectValidationError(operationId, result, [
      ["query", "limit"],
      ["query", "offset"],
    ]);
  });
});

describe.each(["listGuestConnections", "listHostConnections"])("connection filters of %s", (operationId) => {
  const base = validRequests[operationId]?.query ?? "";

  it("answers an unknown search_field with 422 naming it", async () => {
    expectValidationError(operationId, await send(operationId, { query: `${base}&search_field=phone` }), [["query", "search_field"]]);
  });

  it("answers an unknown active action type with 422 naming it", async () => {
    const result = await send(operationId, { query: `${base}&active_action_types=documents_update_request` });
    expectValidationError(operationId, result, [["query", "active_action_types", 0]]);
  });
});

describe("statuses minimum length", () => {
  // An empty repeated-key array cannot be written in a query string; `statuses=` sends one empty
  // value, which is not a status. The minimum length itself is pinned by the type tests.
  it.each(listOperationIds)("%s rejects an empty statuses value", async (operationId) => {
    const result = await send(operationId, { query: "statuses=&limit=10&offset=0" });
    expectValidationError(operationId, result, [["query", "statuses", 0]]);
  });
});

describe.each(["getGuestConnection", "patchGuestConnection"])("path validation of %s", (operationId) => {
  it("answers a malformed guest_org_id with 422 naming it", async () => {
    const result = await send(operationId, { path: "/guest-connections/12345" });
    expectValidationError(operationId, result, [["path", "guest_org_id"]]);
    expect(result.body.detail[0]?.type).toBe("uuid_parsing");
  });
});

describe("PATCH /guest-connections/{guest_org_id} body validation", () => {
  it.each([
    ["a missing body", "", [["body"]], "missing"],
    ["a body without archived", "{}", [["body", "archived"]], "missing"],
    ["a non-boolean archived", '{"archived":"sometimes"}', [["body", "archived"]], "bool_parsing"],
    ["a body that is not an object", "[true]", [["body"]], "model_attributes_type"],
    ["malformed JSON", '{"archived":', [["body", 0]], "json_invalid"],
  ] as const)("answers %s with 422 naming the body field", async (_case, body, locs, type) => {
    const result = await send("patchGuestConnection", { body });
    expectValidationError(
      "patchGuestConnection",
      result,
      locs.map((loc) => [...loc]),
    );
    expect(result.body.detail[0]?.type).toBe(type);
  });
});
