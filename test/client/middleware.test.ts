/**
 * Middleware added with `fetchClient.use` is openapi-fetch middleware, whichever surface made the
 * call: it sees every request and every answer (2xx, 4xx, 5xx) of the methods, `raw`, `paginate`,
 * `collectAll` and `fetchClient`, in openapi-fetch's documented order (`onRequest` in the order
 * registered, `onResponse` in reverse), and openapi-fetch's own documented recipes work on it: an
 * auth header, logging, throwing on an error status, an `onError` that answers instead, and
 * retrying a 401 after a token refresh. The answers come from a real server on 127.0.0.1.
 */
import type { Middleware } from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createMyCreditAppClient, NetworkError, type ClientOptions, type MyCreditAppClient } from "../../src/index.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";
import { json, startFaultServer, type FaultServer } from "../support/fault-server.ts";
import { namedExamples } from "../support/spec.ts";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.bWlkZGxld2FyZS10b2tlbg.c2ln";
const connection = namedExamples("getGuestConnection", 200)["active"];
const DETAIL = "/guest-connections/{guest_org_id}" as const;
const LIST = "/guest-connections" as const;
const query = { statuses: ["connected"], limit: 10, offset: 0 } as const;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const client = (options: Partial<ClientOptions> = {}): MyCreditAppClient =>
  createMyCreditAppClient({ baseUrl: server.url, token: TOKEN, requesterOrganizationId: REQUESTER_ID, retry: false, ...options });

/** What a server answers with each status: a page for a list, a connection for a detail, an error body otherwise. */
function answerWith(status: number): void {
  server.handle((request, response) => {
    if (status !== 200) return json(response, status, { detail: [{ loc: [], msg: `status ${status}`, type: "x" }] });
    json(response, 200, request.url === "/guest-connections" || request.url?.startsWith("/guest-connections?") ? { items: [], total_items: 0 } : connection);
  });
}

/** Each surface's GET, settled either way: the middleware's view is what is asserted. */
const SURFACES: [string, (api: MyCreditAppClient) => Promise<unknown>][] = [
  ["a method", (api) => api.getGuestConnection(GUEST_ORG_ID)],
  ["raw", (api) => api.raw.getGuestConnection(GUEST_ORG_ID)],
  [
    "paginate",
    async (api) => {
      const items: unknown[] = [];
      for await (const item of api.paginate.listGuestConnections({ statuses: ["connected"] })) items.push(item);
      return items;
    },
  ],
  ["collectAll", (api) => api.collectAll.listGuestConnections({ statuses: ["connected"] })],
  ["fetchClient", (api) => api.fetchClient.GET(DETAIL, { params: { path: { guest_org_id: GUEST_ORG_ID } } })],
  ["fetchClient, a list", (api) => api.fetchClient.GET(LIST, { params: { query } })],
];

describe("middleware added with fetchClient.use", () => {
  describe.each([200, 404, 422, 503])("on a %i", (status) => {
    it.each(SURFACES)("sees the request and the answer of %s, in openapi-fetch's order", async (_surface, call) => {
      answerWith(status);
      const api = client();
      const seen: string[] = [];
      const named = (name: string): Middleware => ({
        onRequest: ({ request, schemaPath }) => void seen.push(`${name} request ${request.method} ${schemaPath}`),
        onResponse: ({ response }) => void seen.push(`${name} response ${response.status}`),
      });
      api.fetchClient.use(named("first"), named("second"));
      const outcome = await call(api).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      const path = seen[0]?.endsWith(DETAIL) ? DETAIL : LIST;
      expect(seen).toEqual([`first request GET ${path}`, `second request GET ${path}`, `second response ${status}`, `first response ${status}`]);
      // The surface still answers as it promises: an ApiError for an error status (raw returns it).
      if (status !== 200 && "error" in outcome) expect((outcome.error as ApiError).status).toBe(status);
      if (status !== 200 && "value" in outcome) expect((outcome.value as { error?: ApiError }).error?.status).toBe(status);
      if (status === 200) expect("value" in outcome).toBe(true);
    });
  });

  it("sees the answer the retries ended with, once, after the client's own tries", async () => {
    server.handle((_request, response, index) => (index < 2 ? json(response, 503, { detail: [] }) : json(response, 200, connection)));
    const api = client({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const statuses: number[] = [];
    api.fetchClient.use({ onResponse: ({ response }) => void statuses.push(response.status) });
    await expect(api.getGuestConnection(GUEST_ORG_ID)).resolves.toEqual(connection);
    expect([statuses, server.requests.length]).toEqual([[200], 3]);
  });

  it("sees a failure to get any answer in onError, as the package's error", async () => {
    server.handle((request) => request.socket.destroy());
    const api = client();
    const errors: unknown[] = [];
    api.fetchClient.use({ onError: ({ error }) => void errors.push(error) });
    await expect(api.getGuestConnection(GUEST_ORG_ID)).rejects.toBeInstanceOf(NetworkError);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(NetworkError);
  });

  it("is not run for a call whose signal fired before it was made, since nothing is sent", async () => {
    answerWith(200);
    const api = client();
    const seen: string[] = [];
    api.fetchClient.use({ onRequest: () => void seen.push("request"), onError: () => void seen.push("error") });
    const signal = AbortSignal.abort(new Error("gone"));
    await expect(api.getGuestConnection(GUEST_ORG_ID, { signal })).rejects.toMatchObject({ name: "AbortError" });
    await expect(api.fetchClient.GET(DETAIL, { params: { path: { guest_org_id: GUEST_ORG_ID } }, signal })).rejects.toMatchObject({ name: "AbortError" });
    expect([seen, server.requests.length]).toEqual([[], 0]);
  });

  it("is not run for a call whose input is refused, since nothing is sent", async () => {
    answerWith(200);
    const api = client();
    const seen: string[] = [];
    api.fetchClient.use({ onRequest: () => void seen.push("request") });
    await expect(api.getGuestConnection("not-a-uuid")).rejects.toThrow("path.guest_org_id");
    expect([seen, server.requests.length]).toEqual([[], 0]);
  });
});

describe("openapi-fetch's documented recipes, on the client", () => {
  it("an auth header set in onRequest is the one sent, on every surface", async () => {
    answerWith(200);
    const api = client();
    api.fetchClient.use({
      onRequest({ request }) {
        request.headers.set("Authorization", "Bearer from-middleware");
        return request;
      },
    });
    await api.getGuestConnection(GUEST_ORG_ID);
    await api.fetchClient.GET(DETAIL, { params: { path: { guest_org_id: GUEST_ORG_ID } } });
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(["Bearer from-middleware", "Bearer from-middleware"]);
  });

  it("a logger sees method, URL and status of every call, and never the token", async () => {
    answerWith(404);
    const api = client();
    const log: string[] = [];
    api.fetchClient.use({
      onRequest: ({ request }) => void log.push(`→ ${request.method} ${request.url} ${JSON.stringify(Object.fromEntries(request.headers))}`),
      onResponse: ({ request, response }) => void log.push(`← ${response.status} ${request.url} ${JSON.stringify(Object.fromEntries(request.headers))}`),
    });
    await api.getGuestConnection(GUEST_ORG_ID).catch(() => undefined);
    await api.raw.listGuestConnections(query);
    expect(log).toHaveLength(4);
    expect(log[1]).toContain(`← 404 ${server.url}/guest-connections/${GUEST_ORG_ID}`);
    expect(log.join("\n")).not.toContain(TOKEN);
    // The token was sent all the same.
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it("throwing in onResponse on an error status rejects the call with that error", async () => {
    answerWith(404);
    const api = client();
    api.fetchClient.use({
      onResponse({ response }) {
        if (!response.ok) throw new Error(`${response.url}: ${response.status} ${response.statusText}`);
      },
    });
    await expect(api.getGuestConnection(GUEST_ORG_ID)).rejects.toThrow(`${server.url}/guest-connections/${GUEST_ORG_ID}: 404 Not Found`);
    await expect(api.fetchClient.GET(DETAIL, { params: { path: { guest_org_id: GUEST_ORG_ID } } })).rejects.toThrow(": 404 Not Found");
  });

  it("onError returning a Response makes the call proceed with it", async () => {
    server.handle((request) => request.socket.destroy());
    const api = client();
    api.fetchClient.use({ onError: () => Response.json(connection) });
    await expect(api.getGuestConnection(GUEST_ORG_ID)).resolves.toEqual(connection);
  });

  it("retrying a 401 after refreshing the token resolves with the data, the fresh token sent", async () => {
    let token = TOKEN;
    server.handle((request, response) =>
      request.headers.authorization === "Bearer refreshed-token" ? json(response, 200, connection) : json(response, 401, { detail: "Invalid token" }),
    );
    const api = client({ token: () => token });
    let refreshes = 0;
    api.fetchClient.use({
      async onResponse({ request, response, options }) {
        if (response.status !== 401) return undefined;
        refreshes += 1;
        token = await Promise.resolve("refreshed-token");
        return options.fetch(new Request(request));
      },
    });
    await expect(api.getGuestConnection(GUEST_ORG_ID)).resolves.toEqual(connection);
    await expect(api.raw.getGuestConnection(GUEST_ORG_ID)).resolves.toMatchObject({ data: connection });
    expect(refreshes).toBe(1);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${TOKEN}`, "Bearer refreshed-token", "Bearer refreshed-token"]);
  });
});
