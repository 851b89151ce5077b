/**
 * A `Prefer` scenario the operation does not have is refused by the mock in the API's error shape,
 * naming what the operation does have, instead of the engine's own problem document passed off as
 * an answer (a 404 for an undeclared status, a 500 for an unknown example). Declared scenarios
 * still answer as chosen.
 */
import { describe, expect, it } from "vitest";
import { GUEST_ORG_ID, mockUrl, REQUESTER_ID, TEST_TOKEN } from "../support/client.ts";
import { responseErrors } from "../support/spec.ts";

const detail = (prefer: string) =>
  fetch(`${mockUrl()}/guest-connections/${GUEST_ORG_ID}`, {
    headers: {
      authorization: `Bearer ${TEST_TOKEN}`,
      "Requester-Organization-ID": REQUESTER_ID,
      "Target-Organization-ID": REQUESTER_ID,
      prefer,
    },
  });

describe("Prefer on the mock server", () => {
  it.each([
    ["code=404, example=nope", /no example "nope" for 404; it has connectionNotFound, connectionNotFoundStock/],
    ["example=nope", /no example "nope" for 200; it has active, reference, archived, withoutOptionalFields/],
    ["code=418", /declares no response 418; it declares 200, 401, 403, 404, 422/],
  ])("refuses %j with a 400 that says what the operation has", async (prefer, message) => {
    const response = await detail(prefer);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { detail: { loc: unknown[]; msg: string }[] };
    expect(body.detail.map((item) => item.loc)).toEqual([["header", "Prefer"]]);
    expect(body.detail[0]?.msg).toMatch(message);
  });

  it.each([
    ["code=404, example=connectionNotFoundStock", 404],
    ["code=403", 403],
    ["example=archived", 200],
  ])("answers the declared %j as chosen", async (prefer, status) => {
    const response = await detail(prefer);
    expect(response.status).toBe(status);
    expect(responseErrors("getGuestConnection", status, await response.json())).toEqual([]);
  });
});
