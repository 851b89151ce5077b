/**
 * Nothing a client sends takes the mock down. Each request below once made the engine (Prism)
 * exit or answer 500: an `Accept` it cannot parse, a percent-escape that does not decode, a
 * `Content-Type` it cannot parse, a request target `new URL` refuses. Each is sent raw (fetch
 * would clean some of them up), followed by a valid request: both get a status the operation
 * declares, and the engine is still the one the mock started with, so no crash was papered over
 * by a restart.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { startMockServer, type MockServer } from "../../src/mock/index.ts";
import { GUEST_ORG_ID, selfHeaders, TEST_TOKEN } from "../support/client.ts";
import { responseErrors } from "../support/spec.ts";

let mock: MockServer;
let engineAtStart: string;
beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  engineAtStart = mock.engineUrl;
});
afterAll(() => mock.close());

const authenticated = { authorization: `Bearer ${TEST_TOKEN}`, ...selfHeaders };
const LIST = "/guest-connections?statuses=connected&limit=10&offset=0";

/** Sends exactly what it is given (no normalization on the way) and reads the answer, bounded in time. */
function raw(method: string, target: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request({ host: hostname, port, method, path: target, headers }, (answer) => {
      answered = true;
      let text = "";
      answer.setEncoding("utf8");
      answer.on("data", (chunk: string) => (text += chunk));
      answer.on("end", () => resolve({ status: answer.statusCode ?? 0, text }));
    });
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`no answer to ${method} ${target} within 10 s`)));
    // A server may answer (a 413) before the whole body is written, and close: the answer counts.
    outgoing.on("error", (error) => (answered ? undefined : reject(error)));
    outgoing.end(body);
  });
}

const declared = (operationId: OperationId): number[] => [
  operationTable[operationId].success.status,
  ...Object.keys(operationTable[operationId].errors).map(Number),
];

async function expectValidStillServed(): Promise<void> {
  const answer = await raw("GET", LIST, authenticated);
  expect(answer.status).toBe(200);
  expect(responseErrors("listGuestConnections", 200, JSON.parse(answer.text))).toEqual([]);
}

const BAD_ACCEPTS = ["foo", ";", "/", "a/b/c", "text/html;;", "*/*;q=x", "application/json;q=2"];
const BAD_ESCAPES = ["%zz", "%E0%A4", "%E0%A4%A", "%"];
const BAD_CONTENT_TYPES = ["foo", ";", "a/b/c", "application/json;;", "application/json; charset"];

/** One request per operation, with its path parameters set and its required query filled in. */
function targetOf(operationId: OperationId, pathValue: string = GUEST_ORG_ID): string {
  const entry = operationTable[operationId];
  const path = entry.path.replace(/\{[^}]+\}/g, pathValue);
  return entry.path === "/guest-connections" || entry.path === "/host-connections"
    ? `${path}?statuses=connected&limit=10&offset=0`
    : entry.path === "/guest-invitations"
      ? `${path}?statuses=sent&limit=10&offset=0`
      : path;
}

const operationIds = Object.keys(operationTable) as OperationId[];

describe("the mock server under hostile requests", () => {
  it.each(operationIds.flatMap((id) => BAD_ACCEPTS.flatMap((accept) => [true, false].map((withToken) => [id, accept, withToken] as const))))(
    "answers %s with Accept %j (token: %s) as the API would, ignoring Accept",
    async (operationId, accept, withToken) => {
      const { method, request: rules } = operationTable[operationId];
      const headers = { ...(withToken ? authenticated : {}), accept, ...(rules.body && { "content-type": "application/json" }) };
      const answer = await raw(method, targetOf(operationId), headers, rules.body ? '{"archived":true}' : undefined);
      expect(declared(operationId)).toContain(answer.status);
      expect(answer.status).toBe(withToken ? operationTable[operationId].success.status : 401);
      await expectValidStillServed();
    },
  );

  const withPath = operationIds.filter((id) => operationTable[id].pathParameters.length > 0);
  it.each(withPath.flatMap((id) => BAD_ESCAPES.flatMap((escape) => [true, false].map((withToken) => [id, escape, withToken] as const))))(
    "answers %s with the undecodable escape %j in its path (token: %s) with 422 or 401",
    async (operationId, escape, withToken) => {
      const { method, request: rules } = operationTable[operationId];
      const body = rules.body ? { "content-type": "application/json" } : {};
      const answer = await raw(method, targetOf(operationId, escape), withToken ? { ...authenticated, ...body } : body, rules.body ? "{}" : undefined);
      expect(answer.status).toBe(withToken ? 422 : 401);
      expect(responseErrors(operationId, answer.status, JSON.parse(answer.text))).toEqual([]);
      await expectValidStillServed();
    },
  );

  it.each(BAD_ESCAPES.flatMap((escape) => [true, false].map((withToken) => [escape, withToken] as const)))(
    "answers a list whose query holds the undecodable escape %j (token: %s) with a declared status",
    async (escape, withToken) => {
      const answer = await raw("GET", `${LIST}&search_text=${escape}`, withToken ? authenticated : {});
      expect(answer.status).toBe(withToken ? 200 : 401);
      expect(responseErrors("listGuestConnections", answer.status, JSON.parse(answer.text))).toEqual([]);
      await expectValidStillServed();
    },
  );

  it.each(BAD_CONTENT_TYPES.flatMap((type) => [true, false].map((withToken) => [type, withToken] as const)))(
    "answers a PATCH with Content-Type %j (token: %s) with a declared status",
    async (contentType, withToken) => {
      const headers = { ...(withToken ? authenticated : {}), "content-type": contentType };
      const answer = await raw("PATCH", `/guest-connections/${GUEST_ORG_ID}`, headers, '{"archived":true}');
      expect(declared("patchGuestConnection")).toContain(answer.status);
      if (!withToken) expect(answer.status).toBe(401);
      expect(responseErrors("patchGuestConnection", answer.status, JSON.parse(answer.text))).toEqual([]);
      await expectValidStillServed();
    },
  );

  it.each(["//", "/%", "*", "/guest-connections/../guest-connections", "http://elsewhere.invalid/guest-connections?statuses=connected&limit=10&offset=0"])(
    "answers the request target %j without a 5xx",
    async (target) => {
      const answer = await raw("GET", target, authenticated);
      expect(answer.status).toBeLessThan(500);
      await expectValidStillServed();
    },
  );

  it("refuses a body past its limit with 413 and keeps serving", async () => {
    const answer = await raw(
      "PATCH",
      `/guest-connections/${GUEST_ORG_ID}`,
      { ...authenticated, "content-type": "application/json" },
      `"${"a".repeat(2 * 1024 * 1024)}"`,
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ detail: [{ code: "mock_body_too_large" }] });
    await expectValidStillServed();
  });

  it("did all of this with the engine it started with: none of it crashed the engine", () => {
    expect(mock.engineUrl).toBe(engineAtStart);
  });
});
