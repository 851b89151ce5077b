/**
 * The validating proxy (`mycreditapp-mock --proxy URL`) in front of a stand-in deployment: clean
 * traffic passes through byte for byte with nothing reported, and each way the deployment drifts
 * (and each request that breaks the contract) is reported, as the right kind.
 */
import { describe, expect, it } from "vitest";
import type { FindingKind } from "../../src/contract/response-check.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";
import { runCli } from "../support/cli-process.ts";
import type { Drift } from "../support/drift-server.ts";
import { useProxiedStandIn } from "../support/proxied-stand-in.ts";

const headers = { Authorization: "Bearer proxy-token", "Requester-Organization-ID": REQUESTER_ID, "Target-Organization-ID": REQUESTER_ID };
const REQUESTS = [
  "/guest-connections?statuses=connected&limit=10&offset=0",
  `/guest-connections/${GUEST_ORG_ID}`,
  "/host-connections?statuses=connected&limit=10&offset=0",
  "/guest-invitations?statuses=sent&limit=10&offset=0",
];

const proxied = useProxiedStandIn();
const { reports } = proxied;

async function both(path: string, init: RequestInit = {}): Promise<{ direct: [number, string]; proxied: [number, string] }> {
  const direct = await fetch(`${proxied.upstream.url}${path}`, { headers, ...init });
  const through = await fetch(`${proxied.proxy.url}${path}`, { headers, ...init });
  return { direct: [direct.status, await direct.text()], proxied: [through.status, await through.text()] };
}

/** Waits for the reports of answers already sent on (they are judged after forwarding). */
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("the validating proxy", () => {
  it("passes clean traffic through unchanged and reports nothing", async () => {
    proxied.upstream.drift("none");
    reports.length = 0;
    for (const path of REQUESTS) {
      const { direct, proxied } = await both(path);
      expect(proxied).toEqual(direct);
    }
    await settled();
    expect(reports).toEqual([]);
  });

  it("reports no drift for a stock FastAPI server's answers, its errors included, only warnings for the undocumented error forms", async () => {
    proxied.upstream.drift("none", "stock");
    reports.length = 0;
    const unknown = "0b7c9d2e-1111-4aaa-8bbb-123456789abc";
    const errors = [
      ["/guest-connections?statuses=connected&limit=10&offset=0", {}], // no token: 403 "Not authenticated"
      [`/guest-connections/${unknown}`, { headers }], // 404 with a string detail
      ["/guest-connections?statuses=connected&limit=500&offset=0", { headers }], // 422 without code, header names in lower case
      ["/guest-connections?limit=10&offset=0", { headers: { ...headers, "Requester-Organization-ID": "x" } }],
    ] as const;
    for (const path of REQUESTS) await both(path);
    const statuses = [];
    for (const [path, init] of errors) statuses.push((await fetch(`${proxied.proxy.url}${path}`, init)).status);
    expect(statuses).toEqual([403, 404, 422, 422]);
    await settled();
    const findings = reports.filter((report) => report.side === "response").flatMap((report) => report.findings);
    expect(findings.filter((finding) => finding.severity === "failure")).toEqual([]);
    expect(new Set(findings.map((finding) => finding.kind))).toEqual(new Set(["undocumented-error-form"]));
    // The two invalid requests are the caller's drift, reported on the request side.
    expect(reports.filter((report) => report.side === "request").map((report) => report.findings[0]?.kind)).toEqual(["invalid-request", "invalid-request"]);
  });

  it.each<[Drift, FindingKind, "failure" | "warning"]>([
    ["renamed-field", "schema", "failure"],
    ["null-field", "schema", "failure"],
    ["undeclared-500", "undeclared-status", "failure"],
    ["new-enum-value", "new-enum-value", "warning"],
  ])("reports a deployment that drifts by %s as %s", async (drift, kind, severity) => {
    proxied.upstream.drift(drift);
    reports.length = 0;
    for (const path of REQUESTS) {
      const { direct, proxied } = await both(path);
      expect(proxied).toEqual(direct);
    }
    await settled();
    const found = reports.flatMap((report) => report.findings.map((finding) => [report.side, finding.kind, finding.severity]));
    expect(found).toContainEqual(["response", kind, severity]);
    if (severity === "warning") expect(found.filter(([, , level]) => level === "failure")).toEqual([]);
  });

  it("reports an error body that breaks the error shape, and a request that breaks the contract even when it is answered 200", async () => {
    proxied.upstream.drift("broken-error-shape");
    reports.length = 0;
    await fetch(`${proxied.proxy.url}/guest-connections?statuses=connected&limit=10&offset=0`);
    proxied.upstream.drift("accepts-invalid");
    await fetch(`${proxied.proxy.url}/guest-connections?statuses=connected&limit=500&offset=0`, { headers });
    await settled();
    const found = reports.map((report) => `${report.side} ${report.findings.map((finding) => finding.kind).join(",")}`);
    expect(found).toContain("response error-shape");
    expect(found).toContain("request invalid-request");
  });

  it("prints every drift but each warning once per operation as mycreditapp-mock --proxy, so a stock server's errors do not bury drift", async () => {
    proxied.upstream.drift("none", "stock");
    const run = runCli(["--proxy", proxied.upstream.url, "--port", "0"]);
    try {
      const line = await run.waitForLine(/listening on/);
      const url = /(http:\/\/\S+)/.exec(line)?.[1] as string;
      const unknown = "0b7c9d2e-1111-4aaa-8bbb-123456789abc";
      for (let round = 0; round < 3; round++) expect((await fetch(`${url}/guest-connections/${unknown}`, { headers })).status).toBe(404);
      // A drift, after the warnings: its line must still be printed.
      proxied.upstream.drift("undeclared-500", "stock");
      expect((await fetch(`${url}/guest-connections/${GUEST_ORG_ID}`, { headers })).status).toBe(500);
      for (let waited = 0; !run.stderr().includes("DRIFT") && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      const lines = run.stderr().split("\n");
      expect(lines.filter((text) => text.includes("warning") && text.includes("undocumented-error-form"))).toHaveLength(1);
      expect(lines.filter((text) => text.includes("DRIFT"))).toHaveLength(1);
    } finally {
      await run.stop();
    }
  });

  it("runs as mycreditapp-mock --proxy, one stderr line per finding", async () => {
    proxied.upstream.drift("undeclared-500");
    const run = runCli(["--proxy", proxied.upstream.url, "--port", "0"]);
    try {
      const line = await run.waitForLine(/listening on/);
      const url = /(http:\/\/\S+)/.exec(line)?.[1] as string;
      expect(line).toContain(`validating proxy to ${proxied.upstream.url}`);
      expect((await fetch(`${url}/guest-connections/${GUEST_ORG_ID}`, { headers })).status).toBe(500);
      for (let waited = 0; !run.stderr().includes("DRIFT") && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(run.stderr()).toMatch(/DRIFT GET \/guest-connections\/\S+ \(getGuestConnection\) response 500: undeclared-status/);
    } finally {
      await run.stop();
    }
  });

  it("keeps a client's invalid request apart from the server's drift, sums both up when it stops, and exits 0 without --fail-on-drift", async () => {
    proxied.upstream.drift("none");
    const run = runCli(["--proxy", proxied.upstream.url, "--port", "0"]);
    const line = await run.waitForLine(/listening on/);
    const url = /(http:\/\/\S+)/.exec(line)?.[1] as string;
    // The caller's mistake: limit above 100. The stand-in refuses it with a 422 that keeps the contract.
    expect((await fetch(`${url}/guest-connections?statuses=connected&limit=500&offset=0`, { headers })).status).toBe(422);
    for (let waited = 0; !run.stderr().includes("CLIENT") && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const exit = await run.stop();
    const lines = run.stderr().split("\n");
    expect(lines.filter((text) => text.includes("DRIFT"))).toEqual([]);
    expect(lines.filter((text) => text.includes("CLIENT"))).toHaveLength(1);
    expect(run.stderr()).toMatch(/summary: server drift: 0; client requests that break the contract: 1/);
    expect(run.stderr()).toMatch(/listGuestConnections: invalid-request \(1×\)/);
    expect(exit.code).toBe(0);
  });

  it("exits with 1 when it stops after drift under --fail-on-drift, and with 0 when the deployment kept the contract", async () => {
    for (const [drift, code] of [
      ["undeclared-500", 1],
      ["none", 0],
    ] as const) {
      proxied.upstream.drift(drift);
      const run = runCli(["--proxy", proxied.upstream.url, "--port", "0", "--fail-on-drift"]);
      const line = await run.waitForLine(/listening on/);
      const url = /(http:\/\/\S+)/.exec(line)?.[1] as string;
      await (await fetch(`${url}/guest-connections/${GUEST_ORG_ID}`, { headers })).text();
      await settled();
      const exit = await run.stop();
      expect(exit.code, `${drift}: ${run.stderr()}`).toBe(code);
      if (code === 1) expect(run.stderr()).toMatch(/server drift \(what consumers feel\):\n.*getGuestConnection: undeclared-status \(1×\)/);
    }
  });
});
