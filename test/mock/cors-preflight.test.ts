/**
 * What the mock's preflight answer allows: the headers the operations read, and the other header
 * names the page asked for (a client's tracing headers); an ask that is not a list of header names
 * gets the operations' own only. test/mock/browser-cors.test.ts and test/client/browser-client.test.ts
 * show real Chromium acting on these answers.
 */
import { describe, expect, it } from "vitest";
import { mockUrl } from "../support/client.ts";

const preflight = (asked: string) =>
  fetch(`${mockUrl()}/guest-connections`, {
    method: "OPTIONS",
    headers: { origin: "http://127.0.0.1:5173", "access-control-request-method": "GET", "access-control-request-headers": asked },
  });
const allowed = (response: Response) => (response.headers.get("access-control-allow-headers") ?? "").split(/\s*,\s*/).map((name) => name.toLowerCase());

describe("the mock's preflight answer", () => {
  it("allows the operations' headers and the page's own tracing headers", async () => {
    const response = await preflight("authorization, requester-organization-id, target-organization-id, traceparent, x-request-id");
    expect(response.status).toBe(204);
    expect(allowed(response)).toEqual(expect.arrayContaining(["authorization", "prefer", "traceparent", "x-request-id"]));
    expect(response.headers.get("vary")).toContain("Access-Control-Request-Headers");
  });

  it("allows only the operations' headers when the ask is not a list of header names", async () => {
    const response = await preflight("traceparent, not a header");
    expect(response.status).toBe(204);
    expect(allowed(response)).toEqual(["authorization", "requester-organization-id", "target-organization-id", "content-type", "prefer"]);
  });
});
