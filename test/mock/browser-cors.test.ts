/**
 * A browser app on one origin can call the mock server and the validating proxy on another, as a
 * front-end team runs them (a dev server on one loopback port, the mock on a second). Real
 * Chromium (found as test/support/browser.ts says) loads a page from a page server; the page's
 * own script calls the API across origins, so the browser's CORS checks, preflights included,
 * decide what the page can read: a 200 list, a 422 body, and a PATCH result. Named origins allow
 * exactly those, and a preflight through the proxy is never reported as drift.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/index.ts";
import { launchChromium } from "../support/browser.ts";
import { GUEST_ORG_ID, mockUrl, REQUESTER_ID, TEST_TOKEN } from "../support/client.ts";
import { useProxiedStandIn } from "../support/proxied-stand-in.ts";
import { responseErrors } from "../support/spec.ts";

/** The app: calls the API at `base` the way a front-end does, with the headers every operation needs. */
const APP = `<!doctype html><meta charset="utf-8"><title>app</title><script>
const headers = { Authorization: "Bearer ${TEST_TOKEN}", "Requester-Organization-ID": "${REQUESTER_ID}", "Target-Organization-ID": "${REQUESTER_ID}" };
async function call(base, path, init = {}) {
  try {
    const response = await fetch(base + path, { ...init, headers: { ...headers, ...init.headers } });
    return { status: response.status, body: await response.json() };
  } catch (error) {
    return { failed: String(error) };
  }
}
window.callApi = async (base) => ({
  list: await call(base, "/guest-connections?statuses=connected&limit=10&offset=0"),
  invalid: await call(base, "/guest-connections?statuses=connected&limit=1000&offset=0"),
  patch: await call(base, "/guest-connections/${GUEST_ORG_ID}", { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ archived: true }) }),
});
</script>`;

interface Answer {
  status?: number;
  body?: unknown;
  failed?: string;
}
type Results = Record<"list" | "invalid" | "patch", Answer>;

let browser: Browser;
let page: Page;
let pages: Server;
/** Two origins serving the same app: the allowed one and another. */
const origins: string[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  pages = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(APP));
  const other = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(APP));
  origins.push(await listen(pages), await listen(other));
  pages.on("close", () => other.close());
  browser = await launchChromium();
  page = await browser.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  pages?.close();
});

/** Loads the app from `origin` and lets it call `base`. One page serves every call: a packaged Chromium runs in one process, which closing a page can end. */
async function fromPage(origin: string, base: string): Promise<Results> {
  await page.goto(origin);
  return (await page.evaluate(async (target) => (window as unknown as { callApi: (base: string) => Promise<unknown> }).callApi(target), base)) as Results;
}

function expectAllRead(results: Results): void {
  expect(results.list.status).toBe(200);
  expect(responseErrors("listGuestConnections", 200, results.list.body)).toEqual([]);
  expect(results.invalid.status).toBe(422);
  expect(responseErrors("listGuestConnections", 422, results.invalid.body)).toEqual([]);
  expect((results.invalid.body as { detail: { loc: unknown[] }[] }).detail.map((item) => item.loc)).toContainEqual(["query", "limit"]);
  expect(results.patch.status).toBe(200);
  expect(responseErrors("patchGuestConnection", 200, results.patch.body)).toEqual([]);
}

describe("a browser app on another origin", () => {
  it("reads a list, a 422 body and a PATCH result from the mock server", async () => {
    expectAllRead(await fromPage(origins[0] as string, mockUrl()));
  });

  describe("with named origins", () => {
    let named: MockServer;
    beforeAll(async () => {
      named = await startMockServer({ port: 0, corsOrigins: [origins[0] as string] });
    });
    afterAll(() => named?.close());

    it("lets the named origin read every answer", async () => {
      expectAllRead(await fromPage(origins[0] as string, named.url));
    });

    it("lets no other origin read any", async () => {
      const results = await fromPage(origins[1] as string, named.url);
      for (const answer of Object.values(results)) expect(answer.failed).toMatch(/TypeError/);
    });
  });

  describe("through the validating proxy", () => {
    const proxied = useProxiedStandIn();

    it("reads every answer, and no preflight is reported as drift or reaches the deployment", async () => {
      expectAllRead(await fromPage(origins[0] as string, proxied.proxy.url));
      expect(proxied.reports.filter((report) => report.method === "OPTIONS")).toEqual([]);
      expect(proxied.upstream.requests.filter((request) => request.method === "OPTIONS")).toEqual([]);
      // The browser did send preflights: the PATCH with JSON needs one, so the proxy answered it.
      expect(proxied.upstream.requests.map((request) => request.method)).toContain("PATCH");
    });
  });
});
