/**
 * The mock's front answers what the API's framework answers before any operation runs, where
 * Prism alone would not: a malformed percent-escape in a path parameter is a 422 naming it (not a
 * 500), a body sent as something other than JSON is a 422 naming the body (not Prism's fixed
 * example naming a header that was sent), a method the path does not have is a 405 with `Allow`,
 * and an IPv6 host gives a URL with brackets. The in-process mock answers the same way.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { startMockServer } from "../../src/mock/index.ts";
import { createMswHandlers } from "../../src/msw/index.ts";
import { GUEST_ORG_ID, mockUrl, selfHeaders, TEST_TOKEN } from "../support/client.ts";
import { responseErrors } from "../support/spec.ts";

const MSW_BASE = "https://msw.front.invalid";
const server = setupServer(...createMswHandlers({ baseUrl: MSW_BASE }));
// Requests to the mock servers on loopback pass through; anything else unmatched fails.
beforeAll(() =>
  server.listen({ onUnhandledRequest: (request, print) => (["127.0.0.1", "[::1]"].includes(new URL(request.url).hostname) ? undefined : print.error()) }),
);
afterAll(() => server.close());

const headers = { ...selfHeaders, Authorization: `Bearer ${TEST_TOKEN}` };
const bases = (): [string, string][] => [
  ["the mock server", mockUrl()],
  ["the in-process mock", MSW_BASE],
];

/** Operations with a path parameter, each with a path whose parameters are all `value`. */
const withPathParameters = (Object.keys(operationTable) as OperationId[]).filter((id) => operationTable[id].pathParameters.length > 0);
const pathWith = (id: OperationId, value: string): string => operationTable[id].path.replace(/\{[^}]+\}/g, value);

describe.each(bases())("%s", (_name, base) => {
  it.each(withPathParameters.flatMap((id) => ["%zz", "%E0%A4%A"].map((escape) => [id, escape] as const)))(
    "answers %s with a malformed escape %s in its path parameter with 422 naming it",
    async (operationId, escape) => {
      const { method, request } = operationTable[operationId];
      const response = await fetch(`${base}${pathWith(operationId, escape)}`, {
        method,
        headers: { ...headers, "Content-Type": "application/json" },
        ...(request.body && { body: "{}" }),
      });
      expect(response.status).toBe(422);
      const body = (await response.json()) as { detail: { loc: unknown[] }[] };
      expect(responseErrors(operationId, 422, body)).toEqual([]);
      expect(body.detail.map((item) => item.loc)).toContainEqual(["path", operationTable[operationId].pathParameters[0]]);
    },
  );

  it("answers a PATCH body sent as text/plain with 422 naming the body", async () => {
    const response = await fetch(`${base}/guest-connections/${GUEST_ORG_ID}`, {
      method: "PATCH",
      headers: { ...headers, "Content-Type": "text/plain" },
      body: JSON.stringify({ archived: true }),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { detail: { loc: unknown[]; type: string }[] };
    expect(responseErrors("patchGuestConnection", 422, body)).toEqual([]);
    expect(body.detail.map((item) => [item.loc, item.type])).toEqual([[["body"], "model_attributes_type"]]);
  });
});

describe("the mock server", () => {
  it("reads a JSON body sent without a content type as JSON, as the server does", async () => {
    // fetch labels a string body text/plain; a raw request without the header needs node:http.
    const { request } = await import("node:http");
    const url = new URL(`${mockUrl()}/guest-connections/${GUEST_ORG_ID}`);
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(url, { method: "PATCH", headers }, (answer) => {
        answer.resume();
        resolve(answer.statusCode ?? 0);
      });
      outgoing.on("error", reject);
      outgoing.end(JSON.stringify({ archived: true }));
    });
    expect(status).toBe(200);
  });

  it("answers a method the path does not have with 405 and an Allow header", async () => {
    const response = await fetch(`${mockUrl()}/guest-connections/${GUEST_ORG_ID}`, { method: "DELETE", headers });
    expect(response.status).toBe(405);
    const declared = (Object.values(operationTable) as { method: string; path: string }[]).filter(
      (entry) => entry.path === "/guest-connections/{guest_org_id}",
    );
    expect((response.headers.get("allow") ?? "").split(", ").sort()).toEqual(declared.map((entry) => entry.method).sort());
  });

  it("gives a bracketed URL for an IPv6 host, and answers on it", async () => {
    const mock = await startMockServer({ host: "::1", port: 0 });
    try {
      expect(mock.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      const response = await fetch(`${mock.url}/guest-connections/${GUEST_ORG_ID}`, { headers });
      expect(response.status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});
