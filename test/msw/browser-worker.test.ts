/**
 * The in-process mock in a real browser, set up as docs/msw.md's "In the browser" section says: a
 * page bundled for ES2022 (the `./msw` entry loads its peer with top-level await), MSW's service
 * worker served from the page's origin (what `npx msw init` copies into a web app's public folder),
 * `setupWorker` with the package's handlers, and the package's client calling the production URL.
 * Chromium (found as test/support/browser.ts says) runs it; every request that leaves the page
 * for the network fails, so the answers can only come from the worker. The page archives a
 * connection and reads it back: the stateful result shows the handlers ran in the worker's page.
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_PAGE, bundleApp, launchChromium } from "../support/browser.ts";

const root = join(import.meta.dirname, "..", "..");

/** The app: what a front-end's entry does in development. */
const APP = `
import { setupWorker } from "msw/browser";
import { createMyCreditAppClient } from "./src/index.ts";
import { buildGuestConnection, createMockStore, createMswHandlers, FIXTURE_ORGANIZATION_ID } from "./src/msw/index.ts";

const connection = buildGuestConnection({ archived: false, status: "connected" });
const worker = setupWorker(...createMswHandlers({ store: createMockStore({ guestConnections: [connection] }) }));
await worker.start({ quiet: true, onUnhandledRequest: "error" });
const api = createMyCreditAppClient({ token: "browser-token", requesterOrganizationId: FIXTURE_ORGANIZATION_ID });
try {
  await api.archiveGuestConnection(connection.guest_organization_id);
  const after = await api.getGuestConnection(connection.guest_organization_id);
  const archivedList = await api.listGuestConnections({ statuses: ["connected"], archived: true, limit: 10, offset: 0 });
  const missing = await api.getGuestConnection("00000000-0000-4000-8000-000000000000").catch((error) => error.status);
  window.result = { archived: after.archived, archivedAt: after.archived_at !== null, archivedTotal: archivedList.total_items, missing };
} catch (error) {
  window.result = { failed: String(error) };
}
`;

let browser: Browser;
let pages: Server;
let origin = "";
/** Requests that tried to leave the page for the network (all are refused). */
const escaped: string[] = [];

beforeAll(async () => {
  const files: Record<string, [string, string | Buffer]> = {
    "/": ["text/html", APP_PAGE],
    "/app.js": ["text/javascript", await bundleApp(APP)],
    "/mockServiceWorker.js": ["text/javascript", await readFile(join(root, "node_modules", "msw", "lib", "mockServiceWorker.js"))],
  };
  pages = createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://pages.invalid").pathname];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  pages?.close();
});

describe("the in-process mock in a browser", () => {
  it("serves the package's handlers from MSW's service worker, stateful across calls", async () => {
    const context = await browser.newContext();
    // Anything that reaches the network instead of the worker fails.
    await context.route(/^https:/, (route) => {
      escaped.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 30_000 });
    const result = await page.evaluate(() => (window as unknown as { result: unknown }).result);
    expect(result).toEqual({ archived: true, archivedAt: true, archivedTotal: 1, missing: 404 });
    expect(escaped).toEqual([]);
  }, 60_000);
});
