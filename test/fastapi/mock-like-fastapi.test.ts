/**
 * The mock answers as the server does, where the FastAPI app (test/fastapi/app.py, in its stock
 * form: FastAPI's own answers) can answer the same request: the parity requests that carry no `Prefer` (a
 * scenario is mock-only) go to both, and each must get the same status and, for an error, the
 * same `loc` of each item. What differs on purpose is listed in KNOWN and written down in
 * docs/spec-decisions.md ("The mocks and FastAPI"); a difference that is in neither fails.
 * Run by .ci/fastapi-lane.sh, which provides the Python packages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/index.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";
import { startFastApi, type FastApiServer } from "./fastapi-server.ts";

const self = { "Requester-Organization-ID": REQUESTER_ID, "Target-Organization-ID": REQUESTER_ID };
const authorized = { ...self, Authorization: "Bearer fastapi-parity-token" };
const LIST = "/guest-connections?statuses=connected&limit=10&offset=0";

const REQUESTS: [name: string, path: string, init: RequestInit][] = [
  ["a valid list request", LIST, { headers: authorized }],
  ["no token", LIST, { headers: self }],
  ["a limit above its maximum", LIST.replace("limit=10", "limit=500"), { headers: authorized }],
  ["a status outside the enum", LIST.replace("connected", "pending"), { headers: authorized }],
  ["a missing required query", "/guest-connections?limit=10&offset=0", { headers: authorized }],
  ["a missing header", LIST, { headers: { Authorization: "Bearer fastapi-parity-token", "Requester-Organization-ID": REQUESTER_ID } }],
  ["a malformed UUID in the path", "/guest-connections/not-a-uuid", { headers: authorized }],
  [
    "a body that is not JSON",
    `/guest-connections/${GUEST_ORG_ID}`,
    { method: "PATCH", headers: { ...authorized, "content-type": "application/json" }, body: "{" },
  ],
  ["an unknown path", "/no-such-operation", { headers: authorized }],
  ["a method the path lacks", "/guest-connections", { method: "DELETE", headers: authorized }],
];

/**
 * Differences written down in docs/spec-decisions.md: request name → what each answers. A stock
 * FastAPI before its 401 change answers a missing token 403; the contract documents 401, and the
 * mocks answer that.
 */
const KNOWN: Record<string, { mock: number; fastapi: number }> = { "no token": { mock: 401, fastapi: 403 } };

let mock: MockServer;
let fastapi: FastApiServer;
beforeAll(async () => {
  [mock, fastapi] = await Promise.all([startMockServer(), startFastApi("stock")]);
}, 60_000);
afterAll(async () => {
  await Promise.all([mock?.close(), fastapi?.close()]);
});

const locs = (body: unknown): string[] => {
  const detail = (body as { detail?: unknown }).detail;
  return Array.isArray(detail)
    ? detail
        .map((item: { loc?: unknown[] }) =>
          (item.loc ?? [])
            .map(String)
            .map((part) => part.toLowerCase())
            .join("."),
        )
        .sort()
    : [];
};

describe("the mock server beside FastAPI", () => {
  it.each(REQUESTS)("answers %s as FastAPI does", async (name, path, init) => {
    const [fromMock, fromFastApi] = await Promise.all([fetch(`${mock.url}${path}`, init), fetch(`${fastapi.url}${path}`, init)]);
    const [mockBody, fastapiBody] = [await fromMock.json(), await fromFastApi.json()];
    const expected = KNOWN[name] ?? { mock: fromFastApi.status, fastapi: fromFastApi.status };
    expect(fromFastApi.status, JSON.stringify(fastapiBody)).toBe(expected.fastapi);
    expect(fromMock.status, JSON.stringify(mockBody)).toBe(expected.mock);
    if (fromMock.status === 422) expect(locs(mockBody)).toEqual(locs(fastapiBody));
    if (fromMock.status === 404 || fromMock.status === 405) expect(mockBody).toEqual(fastapiBody);
  });
});
