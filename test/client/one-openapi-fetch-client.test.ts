/**
 * One openapi-fetch client, one error model: the methods, `raw`, `fetchClient` and openapi-react-query over
 * `fetchClient` all run on the same openapi-fetch instance (a middleware added to it sees every
 * call), and a failed call is one of the package's errors whichever surface made it. The
 * openapi-react-query consumer uses `queryOptions` with TanStack Query's `QueryClient` (no React
 * rendering needed), against the Prism mock for a 404 and against a fault server for a stall, a
 * 503 and a PATCH.
 */
import { getEventListeners } from "node:events";
import { QueryClient } from "@tanstack/react-query";
import createQueryClient from "openapi-react-query";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createMyCreditAppClient, MyCreditAppError, TimeoutError, type ClientOptions } from "../../src/index.ts";
import { GUEST_ORG_ID, mockUrl, REQUESTER_ID } from "../support/client.ts";
import { renderings } from "../support/renderings.ts";
import { json, startFaultServer, type FaultServer } from "../support/fault-server.ts";
import { namedExamples } from "../support/spec.ts";

const SECRET = "eyJhbGciOiJIUzI1NiJ9.b25lLWVuZ2luZS10b2tlbg.c2lnbmF0dXJl";
const connection = namedExamples("getGuestConnection", 200)["active"];
const DETAIL = "/guest-connections/{guest_org_id}" as const;
const params = { path: { guest_org_id: GUEST_ORG_ID } };

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const client = (options: Partial<ClientOptions> = {}) =>
  createMyCreditAppClient({ baseUrl: server.url, token: SECRET, requesterOrganizationId: REQUESTER_ID, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
const queries = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

describe("one openapi-fetch client", () => {
  it("runs the methods, raw, fetchClient and openapi-react-query through the same openapi-fetch instance", async () => {
    server.handle((_request, response) => json(response, 200, connection));
    const api = client();
    const seen: string[] = [];
    api.fetchClient.use({ onRequest: ({ request }) => void seen.push(request.headers.get("x-surface") ?? "") });
    const surface = (name: string) => ({ headers: { "x-surface": name } });
    await api.getGuestConnection(GUEST_ORG_ID, surface("method"));
    await api.raw.getGuestConnection(GUEST_ORG_ID, surface("raw"));
    await api.fetchClient.GET(DETAIL, { params, ...surface("fetchClient") });
    await queries().fetchQuery(createQueryClient(api.fetchClient).queryOptions("get", DETAIL, { params, ...surface("react-query") }));
    expect(seen).toEqual(["method", "raw", "fetchClient", "react-query"]);
    // Every one of them carried the bound credentials.
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(Array(4).fill(`Bearer ${SECRET}`));
  });
});

describe("a caller's middleware that makes the request anew", () => {
  it("keeps the call's checks, time-out and abort", async () => {
    let closedEarly = false;
    server.handle((_request, response) => response.on("close", () => (closedEarly = !response.writableFinished)));
    const api = client({ timeoutMs: 50 });
    api.fetchClient.use({ onRequest: ({ request }) => new Request(request, { headers: { ...Object.fromEntries(request.headers), "x-made": "anew" } }) });
    expect(await api.getGuestConnection(GUEST_ORG_ID).catch((caught: unknown) => caught)).toBeInstanceOf(TimeoutError);
    await expect.poll(() => closedEarly, { timeout: 500 }).toBe(true);
    expect(server.requests[0]?.headers["x-made"]).toBe("anew");
    const refused = await api.fetchClient.GET(DETAIL, { params: { path: { guest_org_id: "not-a-uuid" } } }).catch((caught: unknown) => caught);
    expect((refused as Error).name).toBe("RequestValidationError");
  });

  it("leaves no listener on the caller's signal once the call is over", async () => {
    server.handle((_request, response) => json(response, 200, connection));
    const api = client();
    api.fetchClient.use({ onRequest: ({ request }) => new Request(request) });
    const signal = new AbortController().signal;
    await api.getGuestConnection(GUEST_ORG_ID, { signal });
    await api.fetchClient.GET(DETAIL, { params, signal });
    await api.fetchClient.GET(DETAIL, { params: { path: { guest_org_id: "not-a-uuid" } }, signal }).catch(() => undefined);
    // The client's own listener is its call's stop (an object with `handleEvent`); fetch's own are functions it removes in its time.
    expect(getEventListeners(signal, "abort").filter((listener) => typeof listener === "object")).toEqual([]);
  });
});

describe("fetchClient's answers", () => {
  it("give the body as sent whatever openapi-fetch reads it as, and the status and headers", async () => {
    server.handle((_request, response) => json(response, 200, connection));
    const api = client();
    const sent = JSON.stringify(connection);
    const asJson = await api.fetchClient.GET(DETAIL, { params });
    expect(asJson.data).toEqual(connection);
    expect(asJson.response.status).toBe(200);
    expect(asJson.response.headers.get("content-type")).toContain("application/json");
    expect((await api.fetchClient.GET(DETAIL, { params, parseAs: "text" })).data).toBe(sent);
    const blob = (await api.fetchClient.GET(DETAIL, { params, parseAs: "blob" })).data as Blob;
    expect(await blob.text()).toBe(sent);
    const buffer = (await api.fetchClient.GET(DETAIL, { params, parseAs: "arrayBuffer" })).data as ArrayBuffer;
    expect(new TextDecoder().decode(buffer)).toBe(sent);
    const stream = (await api.fetchClient.GET(DETAIL, { params, parseAs: "stream" })).data as ReadableStream<Uint8Array>;
    expect(await new Response(stream).text()).toBe(sent);
  });
});

describe("openapi-react-query over fetchClient", () => {
  it("rejects with an ApiError with status 404 for the mock's 404 scenario", async () => {
    const api = createMyCreditAppClient({ baseUrl: mockUrl(), token: SECRET, requesterOrganizationId: REQUESTER_ID });
    const $api = createQueryClient(api.fetchClient);
    const error = await queries()
      .fetchQuery($api.queryOptions("get", DETAIL, { params, headers: { Prefer: "code=404" } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).operation).toBe("getGuestConnection");
    expect((error as ApiError).detail.length).toBeGreaterThan(0);
  });

  it("rejects with a TimeoutError for a server that never answers", async () => {
    server.handle(() => undefined);
    const $api = createQueryClient(client({ timeoutMs: 50 }).fetchClient);
    const error = await queries()
      .fetchQuery($api.queryOptions("get", DETAIL, { params }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("retries a GET on 503 and resolves with the data", async () => {
    server.handle((_request, response, index) => (index === 0 ? json(response, 503, { detail: [] }) : json(response, 200, connection)));
    const data = await queries().fetchQuery(createQueryClient(client().fetchClient).queryOptions("get", DETAIL, { params }));
    expect(data).toEqual(connection);
    expect(server.requests).toHaveLength(2);
  });

  it("never retries a PATCH, and rejects with its ApiError", async () => {
    server.handle((request, response) => json(response, 503, { detail: [{ loc: [], msg: `busy, ${request.headers.authorization}`, type: "x", code: "x" }] }));
    const $api = createQueryClient(client().fetchClient);
    const error = await queries()
      .fetchQuery($api.queryOptions("patch", DETAIL, { params, body: { archived: true } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it("never shows the token in any error it rejects with", async () => {
    const $api = createQueryClient(client({ timeoutMs: 50 }).fetchClient);
    const errors: unknown[] = [];
    server.handle((request, response) => {
      response.setHeader("x-request-id", `id ${request.headers.authorization}`);
      json(response, 401, { detail: [{ loc: [], msg: `bad token ${request.headers.authorization}.`, type: "oauth", code: "x" }] });
    });
    errors.push(
      await queries()
        .fetchQuery($api.queryOptions("get", DETAIL, { params }))
        .catch((caught: unknown) => caught),
    );
    server.handle((request) => request.socket.destroy());
    errors.push(
      await queries()
        .fetchQuery($api.queryOptions("get", DETAIL, { params }))
        .catch((caught: unknown) => caught),
    );
    server.handle(() => undefined);
    errors.push(
      await queries()
        .fetchQuery($api.queryOptions("get", DETAIL, { params }))
        .catch((caught: unknown) => caught),
    );
    server.handle((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(`{"not json": ${SECRET}`));
    errors.push(
      await queries()
        .fetchQuery($api.queryOptions("get", DETAIL, { params }))
        .catch((caught: unknown) => caught),
    );
    expect(errors.map((error) => (error as Error).name)).toEqual(["ApiError", "NetworkError", "TimeoutError", "InvalidResponseError"]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(MyCreditAppError);
      for (const text of renderings(error)) expect(text).not.toContain(SECRET);
    }
  });
});

describe("a fetchClient request's own fetch", () => {
  it("is the transport of its tries, with the client's token, retries and time-out", async () => {
    server.handle((_request, response) => json(response, 500, { detail: "not this one" }));
    const sent: string[] = [];
    const ownFetch = async (request: Request): Promise<Response> => {
      sent.push(`${request.headers.get("authorization")} ${sent.length === 0 ? 503 : 200}`);
      return sent.length === 1 ? Response.json({ detail: [] }, { status: 503 }) : Response.json(connection);
    };
    const api = client();
    const { data } = await api.fetchClient.GET(DETAIL, { params, fetch: ownFetch });
    expect(data).toEqual(connection);
    expect(sent).toEqual([`Bearer ${SECRET} 503`, `Bearer ${SECRET} 200`]);
    expect(server.requests).toHaveLength(0);
  });
});
