/**
 * The contract against a real FastAPI server (test/fastapi/app.py, FastAPI 0.92 and Pydantic 1.10
 * as Debian ships them, written from the reference pages), in its stock form and with the handlers
 * that send the documented error shape:
 * - `verify` with its defaults exits 0, having validated real items of every list and the detail,
 *   and with writes allowed it restores the connection and names the fields it could not put back;
 * - the validating proxy reports no drift for clean traffic, errors included;
 * - the client reads real pages (internationalised e-mail addresses among them) with response
 *   validation on, and turns each error the server raises into an `ApiError` whose `detail` is a
 *   list holding the server's message.
 * Run by .ci/fastapi-lane.sh, which provides the Python packages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createMyCreditAppClient } from "../../src/index.ts";
import { startContractProxy, type ContractReport } from "../../src/mock/index.ts";
import { validateResponse } from "../../src/response-validators/index.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";
import { runVerify, validatedItems } from "../support/verify-cli.ts";
import { startFastApi, type FastApiMode, type FastApiServer } from "./fastapi-server.ts";

const TOKEN = "fastapi-lane-token-8d1e";
const OTHER_ORG = "123e4567-e89b-12d3-a456-426614174000";
const READS = ["listGuestConnections", "getGuestConnection", "listHostConnections", "listGuestInvitations"];

describe.each<FastApiMode>(["stock", "documented"])("a FastAPI server in %s form", (mode) => {
  let server: FastApiServer;
  beforeAll(async () => {
    server = await startFastApi(mode);
  });
  afterAll(() => server.close());

  const api = (options: { validateRequests?: boolean } = {}) =>
    createMyCreditAppClient({ baseUrl: server.url, token: TOKEN, requesterOrganizationId: REQUESTER_ID, validateResponse, retry: false, ...options });

  it("keeps the contract by verify's defaults, with real items validated for every list and the detail", async () => {
    const result = await runVerify(["--base-url", server.url, "--requester-org", REQUESTER_ID, "--rate", "1000", "--quiet"], { MYCREDITAPP_TOKEN: TOKEN });
    expect(result.code, result.stdout).toBe(0);
    for (const operationId of READS) expect(validatedItems(result.stdout, operationId), operationId).toBeGreaterThan(0);
    expect(result.stdout).not.toMatch(/FAIL/);
    if (mode === "stock") expect(result.stdout).toContain("warn authentication-status");
    else expect(result.stdout).toMatch(/0 failures, 0 warnings/);
  }, 120_000);

  it("writes only the connection named, restores it, and names the timestamp the server keeps", async () => {
    const before = await api().getGuestConnection(GUEST_ORG_ID);
    const args = ["--base-url", server.url, "--requester-org", REQUESTER_ID, "--rate", "1000", "--quiet", "--allow-writes", "--patch-id", GUEST_ORG_ID];
    const result = await runVerify(args, { MYCREDITAPP_TOKEN: TOKEN });
    expect(result.code, result.stdout).toBe(0);
    expect(validatedItems(result.stdout, "patchGuestConnection")).toBeGreaterThan(0);
    const after = await api().getGuestConnection(GUEST_ORG_ID);
    expect(after.archived).toBe(before.archived);
    expect(after.updated_at).not.toBe(before.updated_at);
    expect(result.stdout).toMatch(/restore: .*updated_at is managed by the server/);
  }, 120_000);

  it("gives the client real pages, internationalised e-mail addresses included, that validate", async () => {
    const all = await api().collectAll.listGuestConnections({ statuses: ["connected", "disconnected"] }, { maxItems: 1_000 });
    expect(all.length).toBe(30);
    expect(all.map((connection) => connection.guest_email)).toContain("jörg.müller@beispiel.de");
    const invitations = await api().collectAll.listGuestInvitations({ statuses: ["sent", "accepted_by_guest", "accepted_by_system"] });
    expect(invitations.length).toBeGreaterThan(10);
  });

  it.each([
    ["404", () => api().getGuestConnection("0b7c9d2e-1111-4aaa-8bbb-123456789abc"), 404, "Guest connection not found"],
    ["403", () => api().getGuestConnection(GUEST_ORG_ID, { targetOrganizationId: OTHER_ORG }), 403, "not allowed"],
    ["422", () => api({ validateRequests: false }).listGuestConnections({ statuses: ["connected"], limit: 500, offset: 0 }), 422, "less than or equal to 100"],
  ] as const)("turns the server's %s into an ApiError whose detail is a list with its message", async (_status, call, status, message) => {
    const error = (await call().catch((thrown: unknown) => thrown)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect(error.detail.length).toBeGreaterThan(0);
    expect(error.detail.map((item) => item.msg).join(" ")).toContain(message);
    expect(error.schemaViolation).toBeUndefined();
    expect(`${error.message}${JSON.stringify(error)}`).not.toContain(TOKEN);
  });

  it("passes clean traffic through the validating proxy with no drift, its errors included", async () => {
    const reports: ContractReport[] = [];
    const proxy = await startContractProxy({ upstream: server.url, onReport: (report) => reports.push(report) });
    try {
      const through = createMyCreditAppClient({ baseUrl: proxy.url, token: TOKEN, requesterOrganizationId: REQUESTER_ID, retry: false });
      await through.listGuestConnections({ statuses: ["connected"], limit: 10, offset: 0 });
      await through.getGuestConnection(GUEST_ORG_ID);
      await through.listHostConnections({ statuses: ["connected"], limit: 10, offset: 0 });
      await through.listGuestInvitations({ statuses: ["sent"], limit: 10, offset: 0 });
      await through.getGuestConnection("0b7c9d2e-1111-4aaa-8bbb-123456789abc").catch(() => undefined);
      await fetch(`${proxy.url}/guest-connections?statuses=connected&limit=10&offset=0`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const failures = reports.flatMap((report) => report.findings.filter((finding) => finding.severity === "failure"));
      expect(failures).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
