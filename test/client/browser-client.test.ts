/**
 * The client where front-end teams run it: bundled into a page (esbuild, as a Vite app's build
 * would), in real Chromium (found as test/support/browser.ts says), calling the Prism mock and a
 * fault server on other origins, so that the browser's own fetch, `Request`, streams, abort
 * signals and CORS checks decide what happens. The methods and openapi-react-query over
 * `fetchClient` are both driven: answers, input checks (bodies included), middleware on every answer, a caller's extra tracing header, abort and time-out, a GET
 * retried and a PATCH not, and the token absent from every error the page can render.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_PAGE, bundleApp, launchChromium } from "../support/browser.ts";
import { GUEST_ORG_ID, mockUrl, REQUESTER_ID } from "../support/client.ts";
import { json, startFaultServer, type FaultHandler, type FaultServer } from "../support/fault-server.ts";
import { namedExamples, responseErrors } from "../support/spec.ts";

const SECRET = "eyJhbGciOiJIUzI1NiJ9.YnJvd3Nlci1jbGllbnQ.c2lnbmF0dXJl";
const connection = namedExamples("getGuestConnection", 200)["active"];

/** The page's script: each scenario makes its calls and returns what the page saw, errors summarized as a page would show them. */
const APP = `
import { QueryClient } from "@tanstack/query-core";
import createQueryClient from "openapi-react-query";
import { ApiError, createMyCreditAppClient, MyCreditAppError } from "./src/index.ts";

const DETAIL = "/guest-connections/{guest_org_id}";
const params = { path: { guest_org_id: "${GUEST_ORG_ID}" } };
const summary = (error) => ({
  name: error?.name,
  ours: error instanceof MyCreditAppError,
  apiError: error instanceof ApiError,
  status: error?.status,
  locs: error?.issues?.map((issue) => issue.loc),
  shown: [String(error), JSON.stringify(error), error?.stack ?? "", error?.message ?? ""],
});
const outcome = (promise) => promise.then((data) => ({ data }), (error) => ({ error: summary(error) }));
const query = (api, method, init) =>
  new QueryClient({ defaultOptions: { queries: { retry: false } } }).fetchQuery(createQueryClient(api.fetchClient).queryOptions(method, DETAIL, init));

const scenarios = {
  methods: async (api) => ({
    list: await outcome(api.listGuestConnections({ statuses: ["connected"], limit: 10, offset: 0 })),
    detail: await outcome(api.getGuestConnection("${GUEST_ORG_ID}")),
    patched: await outcome(api.archiveGuestConnection("${GUEST_ORG_ID}")),
  }),
  tracing: (api) => outcome(api.getGuestConnection("${GUEST_ORG_ID}", { headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } })),
  badInput: (api) => outcome(api.listGuestConnections({ statuses: [], limit: 10, offset: 0 })),
  queryNotFound: (api) => outcome(query(api, "get", { params, headers: { Prefer: "code=404" } })),
  queryPatch: (api) => outcome(query(api, "patch", { params, body: { archived: true } })),
  queryBadBody: (api) => outcome(query(api, "patch", { params, body: { archived: "yes" } })),
  patchWithSignal: (api) => outcome(api.archiveGuestConnection("${GUEST_ORG_ID}", { signal: new AbortController().signal })),
  aborted: (api) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    return outcome(api.getGuestConnection("${GUEST_ORG_ID}", { signal: controller.signal }));
  },
  queryStalled: (api) => outcome(query(api, "get", { params })),
  queryRetried: (api) => outcome(query(api, "get", { params })),
  queryPatchBusy: (api) => outcome(query(api, "patch", { params, body: { archived: true } })),
  echoed: (api) => outcome(query(api, "get", { params })),
  dropped: (api) => outcome(api.getGuestConnection("${GUEST_ORG_ID}")),
  middleware: async (api) => {
    const seen = [];
    api.fetchClient.use({
      onRequest: ({ request }) => void seen.push(request.method + " " + (request.headers.get("authorization") ?? "no token")),
      onResponse: ({ response }) => void seen.push(response.status),
    });
    const notFound = { headers: { Prefer: "code=404" } };
    await outcome(api.getGuestConnection("${GUEST_ORG_ID}", notFound));
    await outcome(query(api, "get", { params, ...notFound }));
    await outcome(api.archiveGuestConnection("${GUEST_ORG_ID}"));
    return { data: seen };
  },
};

window.scenario = (name, baseUrl) =>
  scenarios[name](
    createMyCreditAppClient({ baseUrl, token: "${SECRET}", requesterOrganizationId: "${REQUESTER_ID}", timeoutMs: 1000, retry: { baseDelayMs: 1, maxDelayMs: 2 } }),
  );
window.ready = true;
`;

interface Summary {
  name: string;
  ours: boolean;
  apiError: boolean;
  status?: number;
  locs?: unknown[];
  shown: string[];
}
interface Outcome {
  data?: unknown;
  error?: Summary;
}

let browser: Browser;
let page: Page;
let pages: Server;
let faults: FaultServer;

/** A fault handler behind the CORS a browser needs to call it from the page's origin. */
const withCors =
  (handler: FaultHandler): FaultHandler =>
  (request, response, index) => {
    const allow = (answer: ServerResponse) => answer.setHeader("access-control-allow-origin", "*").setHeader("access-control-expose-headers", "x-request-id");
    allow(response);
    if (request.method !== "OPTIONS") return handler(request, response, index);
    response.writeHead(204, {
      "access-control-allow-methods": "GET, PATCH",
      "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "",
    });
    response.end();
  };
/** The requests the page's calls made, preflights left out. */
const calls = () => faults.requests.filter((request) => request.method !== "OPTIONS");

beforeAll(async () => {
  const script = await bundleApp(APP);
  pages = createServer((request, response) => {
    if (request.url === "/app.js") return void response.writeHead(200, { "content-type": "text/javascript" }).end(script);
    response.writeHead(200, { "content-type": "text/html" }).end(APP_PAGE);
  });
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  faults = await startFaultServer();
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(pages.address() as AddressInfo).port}`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 30_000 });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  pages?.close();
  await faults?.close();
});

const run = async <T = Outcome>(name: string, baseUrl: string): Promise<T> =>
  (await page.evaluate(
    ([scenario, base]) => (window as unknown as { scenario: (name: string, base: string) => Promise<unknown> }).scenario(scenario as string, base as string),
    [name, baseUrl],
  )) as T;

describe("the client in a browser, against the mock on another origin", () => {
  it("lists, reads and archives through the methods, each answer as the spec says", async () => {
    const results = await run<Record<string, Outcome>>("methods", mockUrl());
    expect(results["list"]?.error).toBeUndefined();
    expect(responseErrors("listGuestConnections", 200, results["list"]?.data)).toEqual([]);
    expect(responseErrors("getGuestConnection", 200, results["detail"]?.data)).toEqual([]);
    expect(responseErrors("patchGuestConnection", 200, results["patched"]?.data)).toEqual([]);
  });

  it("sends a caller's extra tracing header, which the mock's CORS lets through", async () => {
    const result = await run("tracing", mockUrl());
    expect(result.error).toBeUndefined();
    expect(responseErrors("getGuestConnection", 200, result.data)).toEqual([]);
  });

  it("refuses invalid input before sending, naming it", async () => {
    const result = await run("badInput", mockUrl());
    expect(result.error).toMatchObject({ name: "RequestValidationError", ours: true, locs: [["query", "statuses"]] });
  });

  it("rejects openapi-react-query's 404 with the package's ApiError", async () => {
    const result = await run("queryNotFound", mockUrl());
    expect(result.error).toMatchObject({ name: "ApiError", ours: true, apiError: true, status: 404 });
  });

  it("checks and sends a PATCH body made by openapi-react-query", async () => {
    expect(responseErrors("patchGuestConnection", 200, (await run("queryPatch", mockUrl())).data)).toEqual([]);
    const refused = await run("queryBadBody", mockUrl());
    expect(refused.error).toMatchObject({ name: "RequestValidationError", locs: [["body", "archived"]] });
  });

  it("runs fetchClient's middleware for the methods and openapi-react-query, a 404 included, without showing it the token", async () => {
    const result = await run("middleware", mockUrl());
    expect(result.data).toEqual(["GET no token", 404, "GET no token", 404, "PATCH no token", 200]);
  });

  it("sends a PATCH that follows the caller's signal", async () => {
    const result = await run("patchWithSignal", mockUrl());
    expect(result.error).toBeUndefined();
    expect(responseErrors("patchGuestConnection", 200, result.data)).toEqual([]);
  });
});

describe("the client in a browser, against a server that misbehaves", () => {
  it("stops when the caller aborts", async () => {
    faults.handle(withCors(() => undefined));
    expect((await run("aborted", faults.url)).error).toMatchObject({ name: "AbortError", ours: true });
  });

  it("times out a stalled call made through openapi-react-query", async () => {
    faults.handle(withCors(() => undefined));
    expect((await run("queryStalled", faults.url)).error).toMatchObject({ name: "TimeoutError", ours: true });
  });

  it("retries a GET on 503 and resolves with the data", async () => {
    let tries = 0;
    faults.handle(withCors((_request, response) => (tries++ === 0 ? json(response, 503, { detail: [] }) : json(response, 200, connection))));
    const result = await run("queryRetried", faults.url);
    expect(result.data).toEqual(connection);
    expect(calls()).toHaveLength(2);
  });

  it("never retries a PATCH", async () => {
    faults.handle(withCors((_request, response) => json(response, 503, { detail: [] })));
    expect((await run("queryPatchBusy", faults.url)).error).toMatchObject({ name: "ApiError", status: 503 });
    expect(calls()).toHaveLength(1);
  });

  it("shows the token in no rendering of an error, even when the server echoes it", async () => {
    faults.handle(
      withCors((request, response) => {
        response.setHeader("x-request-id", `id ${request.headers.authorization}`);
        json(response, 401, { detail: [{ loc: [], msg: `bad token ${request.headers.authorization}.`, type: "oauth", code: "x" }] });
      }),
    );
    const echoed = await run("echoed", faults.url);
    // The server did echo it: the page saw the echo, redacted.
    expect(echoed.error?.shown.join("\n")).toContain("[redacted]");
    faults.handle(withCors((request) => request.socket.destroy()));
    const dropped = await run("dropped", faults.url);
    expect(dropped.error).toMatchObject({ name: "NetworkError", ours: true });
    for (const error of [echoed.error, dropped.error]) for (const text of error?.shown ?? []) expect(text).not.toContain(SECRET);
  });
});
