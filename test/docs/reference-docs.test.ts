/**
 * `npm run docs` builds a static API reference, and a real browser (Chromium, found as
 * test/support/browser.ts says; headless, network blocked) shows every operation with its
 * parameters, its named examples, the permission tables and the error shape. A screenshot of each
 * operation's page lands in test-artifacts/docs/ (git-ignored) for a human look.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable, type Permissions } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { launchChromium } from "../support/browser.ts";
import { namedExampleSummaries, operation, operations, parametersOf } from "../support/spec.ts";

const root = join(import.meta.dirname, "..", "..");
const artifacts = join(root, "test-artifacts", "docs");
let browser: Browser;
let page: Page;
/** Every network request the page tried (all are blocked). */
const attempted: string[] = [];

beforeAll(async () => {
  const { scripts } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  await promisify(execFile)("sh", ["-c", scripts["docs"] as string], {
    cwd: root,
    env: { ...process.env, PATH: `${join(root, "node_modules", ".bin")}:${process.env["PATH"]}` },
  });
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // The reference must work offline: any request to the network fails.
  await page.route(/^https?:/, (route) => {
    attempted.push(route.request().url());
    return route.abort();
  });
  await page.goto(pathToFileURL(join(root, "dist", "reference", "index.html")).href);
}, 120_000);
afterAll(() => browser?.close());

const slug = (text: string): string => text.toLowerCase().replace(/\W+/g, "-");

/** Opens one operation's page from the side menu and returns its rendered text and HTML. */
async function openOperation(operationId: string): Promise<{ text: string; html: string }> {
  const tag = tagOf(operationId) as string;
  const link = page.locator(`a[href="#/${slug(tag)}/${operationId.toLowerCase()}"]`).first();
  // The tag's entry expands its operations in the menu.
  if (!(await link.isVisible()))
    await page
      .locator(`a[href="/${slug(tag)}"]`)
      .first()
      .click();
  await link.click();
  // The first words of the operation's own description appear only once its page is shown.
  const opening = (operation(operationId).description ?? "").split(/\s+/).slice(0, 4).join(" ");
  await page.waitForFunction((expected) => document.body.innerText.includes(expected), opening, { timeout: 15_000 });
  await page.screenshot({ path: join(artifacts, `${operationId}.png`), fullPage: true });
  return { text: await page.evaluate(() => document.body.innerText), html: await page.content() };
}

describe("the API reference in Chromium", () => {
  it.each(operations.map((operation) => operation.operationId))("shows %s with its parameters, examples and errors", async (operationId) => {
    const { text, html } = await openOperation(operationId);
    expect(text).toContain(summaryOf(operationId));
    for (const parameter of parametersOf(operationId)) expect(text, parameter.name).toContain(parameter.name);
    const statuses = Object.keys(operation(operationId).responses);
    for (const status of statuses) expect(text, status).toContain(status);
    // Named examples are offered by their summaries in the samples panel.
    for (const [name, summary] of Object.entries(namedExampleSummaries(operationId, 200))) {
      expect(html.includes(escapeHtml(summary)), `example ${name} ("${summary}")`).toBe(true);
    }
    // The error shape: ErrorResponse's detail items.
    for (const field of ["detail", "loc", "msg", "type", "code"]) expect(html.includes(field), field).toBe(true);
  });

  it("sends no telemetry about its readers", async () => {
    await openOperation("listGuestConnections");
    // Telemetry goes out in batches a few seconds after load: watch for long enough to see one.
    await page.waitForTimeout(6_000);
    expect(attempted.filter((url) => /otel|telemetry|analytics/i.test(url))).toEqual([]);
  });

  const published = operations.filter(({ operationId }) => operationTable[operationId as OperationId].permissions !== null);
  it.each(published.map(({ operationId }) => operationId))("shows the published permission table of %s, as its x-permissions say", async (operationId) => {
    const permissions = operationTable[operationId as OperationId].permissions as Permissions;
    const marks = [permissions.guest, permissions.host, permissions.self].map((allowed) => (allowed ? "✅" : "❌"));
    const { text } = await openOperation(operationId);
    expect(text).toMatch(new RegExp(`Guest\\s+Host\\s+Self\\s+${marks.join("\\s+")}`));
  });
});

const tagOf = (operationId: string): string | undefined => operation(operationId).tags?.[0];
const summaryOf = (operationId: string): string => operation(operationId).summary ?? operationId;

// As the browser serializes text: only these three are escaped.
const escapeHtml = (value: string): string => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
