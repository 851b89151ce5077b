/**
 * The runtime response validators of `./validators`, compiled by `npm run generate`: they accept
 * every named example of the spec, offset-less timestamps and enum values the spec does not list
 * yet, and report the exact path of anything else that breaks the schema.
 */
import { describe, expect, it } from "vitest";
import type { GuestConnection, OperationId } from "../../src/index.ts";
import { validateResponse } from "../../src/response-validators/index.ts";
import { namedExamples, operations, responseErrors } from "../support/spec.ts";

const connection = namedExamples("getGuestConnection", 200)["active"] as GuestConnection;

describe("validateResponse", () => {
  const examples = operations.flatMap(({ operationId, responses }) =>
    Object.keys(responses).flatMap((status) =>
      Object.entries(namedExamples(operationId, status)).map(([name, value]) => [`${operationId} ${status} ${name}`, operationId, status, value] as const),
    ),
  );

  it.each(examples)("accepts the named example %s", (_label, operationId, status, value) => {
    expect(validateResponse(operationId as OperationId, Number(status), value)).toBeUndefined();
  });

  it("accepts timestamps with and without a UTC offset, and rejects what is not a timestamp", () => {
    for (const created_at of ["2025-12-12T10:30:00.123456", "2025-12-12T10:30:00Z", "2025-12-12T10:30:00+02:00"]) {
      expect(validateResponse("getGuestConnection", 200, { ...connection, created_at }), created_at).toBeUndefined();
    }
    expect(validateResponse("getGuestConnection", 200, { ...connection, created_at: "yesterday" })?.path).toBe("/created_at");
  });

  it("accepts enum values the spec does not list yet, which the spec's strict schema refuses", () => {
    const future = { ...connection, status: "suspended", active_action_type: "documents_update_request" };
    expect(responseErrors("getGuestConnection", 200, future)).not.toEqual([]);
    expect(validateResponse("getGuestConnection", 200, future)).toBeUndefined();
    expect(validateResponse("getGuestConnection", 200, { ...connection, status: 7 })?.path).toBe("/status");
  });

  it("reports the JSON Pointer of the first violation", () => {
    const page = { items: [connection, { ...connection, guest_organization_id: "not-a-uuid" }], total_items: 2 };
    expect(validateResponse("listGuestConnections", 200, page)).toEqual({ path: "/items/1/guest_organization_id", message: 'must match format "uuid"' });
    const { guest_email: _dropped, ...withoutEmail } = connection;
    expect(validateResponse("getGuestConnection", 200, withoutEmail)).toMatchObject({ path: "", message: "must have required property 'guest_email'" });
    expect(validateResponse("listGuestConnections", 401, { detail: [{ loc: [], msg: "x" }] })?.path).toBe("/detail/0");
  });

  it("checks only documented responses", () => {
    expect(validateResponse("listGuestConnections", 500, "<html>")).toBeUndefined();
    expect(validateResponse("listGuestConnections", 200, "<html>")).toEqual({ path: "", message: "must be object" });
  });
});
