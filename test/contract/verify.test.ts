/**
 * `verify` against deployments: the package's own mock keeps the contract (no failure, no
 * warning); a stand-in deployment told to drift is caught each time, as the right kind (a new
 * enum value as a warning only), with a `curl` that reproduces it; the token is never printed; the
 * requests are bounded by `--requests` and paced by `--rate`; writes happen only when allowed, on
 * the one resource named, and are undone, also when the run is interrupted.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsImport from "ajv-formats";
import { renderReport } from "../../src/contract/report.ts";
import { checkResponse, type FindingKind } from "../../src/contract/response-check.ts";
import { verifyDeployment, type VerifyOptions, type VerifyResult } from "../../src/contract/verify.ts";
import { GUEST_ORG_ID, mockUrl, REQUESTER_ID } from "../support/client.ts";
import { runVerify, validatedItems } from "../support/verify-cli.ts";
import { startDriftServer, type Drift, type DriftServer, type Mode } from "../support/drift-server.ts";

const addFormats = addFormatsImport as unknown as typeof addFormatsImport.default;
const TOKEN = "verify-secret-token-5f2c";
const CLI = fileURLToPath(new URL("../../src/contract/cli.ts", import.meta.url));
let fixture: DriftServer;
let dir: string;

beforeAll(async () => {
  fixture = await startDriftServer();
  dir = await mkdtemp(join(tmpdir(), "api-contract-verify-"));
});
afterAll(async () => {
  await fixture.close();
  await rm(dir, { recursive: true, force: true });
});

const verify = (options: Partial<VerifyOptions> = {}): Promise<VerifyResult> =>
  verifyDeployment({
    baseUrl: fixture.url,
    token: TOKEN,
    requesterOrganizationId: REQUESTER_ID,
    requests: 6,
    rate: 1000,
    seed: "test",
    timeoutMs: 5000,
    negative: true,
    ...options,
  });

const kinds = (result: VerifyResult, severity: "failure" | "warning"): Set<FindingKind> =>
  new Set(result.operations.flatMap((operation) => operation.findings.filter((group) => group.severity === severity).map((group) => group.kind)));

/** Splits a `curl` line into its words (single quotes, and the double-quoted token header). */
function words(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|"([^"]*)"|(\S+)/g)].map((match) =>
    match[1] !== undefined ? match[1].replace(/'\\''/g, "'") : (match[2] ?? match[3] ?? ""),
  );
}

/** Sends what a `curl` line of the report sends, with `$TOKEN` set. */
async function replay(line: string): Promise<Response> {
  const parts = words(line);
  const headers: Record<string, string> = {};
  let method = "GET";
  let url = "";
  let body: string | undefined;
  for (let index = 1; index < parts.length; index++) {
    const part = parts[index] as string;
    if (part === "-X") method = parts[++index] as string;
    else if (part === "-H") {
      const [name, ...value] = (parts[++index] as string).replace("$TOKEN", TOKEN).split(": ");
      headers[name as string] = value.join(": ");
    } else if (part === "--data-raw") body = parts[++index];
    else if (/^https?:/.test(part)) url = part;
  }
  return fetch(url, { method, headers, ...(body !== undefined && { body }) });
}

const LISTS = (Object.keys(operationTable) as OperationId[]).filter((id) => operationTable[id].page);

describe("verify", () => {
  it("finds no failure on the package's own mock, and no warning but the filters its static examples ignore; and validates real items of every operation it reads", async () => {
    const result = await verifyDeployment({
      baseUrl: mockUrl(),
      token: TOKEN,
      requesterOrganizationId: REQUESTER_ID,
      requests: 8,
      rate: 1000,
      seed: "own-mock",
      timeoutMs: 5000,
      negative: true,
    });
    // The static examples are the same page whatever the filter: that is all it may report.
    const findings = result.operations.flatMap((operation) => operation.findings);
    expect(findings.filter((finding) => finding.kind !== "filter-not-applied" || finding.severity !== "warning")).toEqual([]);
    const filters = new Set(findings.map((finding) => finding.cause));
    expect(
      [...filters].every((name) => ["statuses", "active_action_types", "archived", "expired"].includes(String(name))),
      [...filters].join(),
    ).toBe(true);
    const read = result.operations.filter((operation) => !operation.skipped);
    expect(read.every((operation) => operation.valid === 8 && operation.unauthenticated === 1 && operation.invalid > 0)).toBe(true);
    expect(read.every((operation) => operation.validatedItems > 0)).toBe(true);
  });

  it.each<Mode>(["documented", "stock"])(
    "finds no failure on the FastAPI stand-in in %s mode, and validates real items of every list and the detail",
    async (mode) => {
      fixture.drift("none", mode);
      const result = await verify({ requests: 10 });
      expect(result.failures, JSON.stringify(result.operations.flatMap((operation) => operation.findings))).toBe(0);
      for (const operationId of [...LISTS, "getGuestConnection"]) {
        expect(result.operations.find((operation) => operation.operationId === operationId)?.validatedItems, operationId).toBeGreaterThan(0);
      }
      // The detail GETs read ids the list returned: every one of them found its connection.
      const details = fixture.requests.filter(
        (request) => request.operationId === "getGuestConnection" && request.authorization && !/\/[^/]*[^0-9a-f-/][^/]*$/.test(request.url),
      );
      expect(details.length).toBeGreaterThan(0);
      if (mode === "documented") expect(result.warnings).toBe(0);
      else {
        // The stock forms are allowed, and reported as what they are: a 403 for no token, string details.
        expect(kinds(result, "warning")).toEqual(new Set(["authentication-status", "undocumented-error-form"]));
        expect(kinds(result, "failure")).toEqual(new Set());
      }
    },
  );

  it("validates internationalised e-mail addresses that an ASCII-only e-mail format would reject", async () => {
    fixture.drift("none");
    const ascii = new Ajv2020({ strict: false });
    addFormats(ascii);
    const isAsciiEmail = ascii.compile({ type: "string", format: "email" });
    const addresses = fixture.data.guestConnections.map((item) => item["guest_email"] as string);
    expect(addresses.filter((address) => !isAsciiEmail(address)).length).toBeGreaterThan(0);
    const result = await verify();
    const list = result.operations.find((operation) => operation.operationId === "listGuestConnections");
    // The first page holds every connection, these addresses among them.
    expect(list?.validatedItems).toBeGreaterThanOrEqual(fixture.data.guestConnections.length);
    expect(result.failures).toBe(0);
  });

  it.each<[Drift, FindingKind]>([
    ["renamed-field", "schema"],
    ["null-field", "schema"],
    ["missing-field", "schema"],
    ["undeclared-500", "undeclared-status"],
    ["accepts-invalid", "accepted-invalid-input"],
    ["broken-error-shape", "error-shape"],
    ["no-authentication", "authentication-not-enforced"],
  ])("reports %s as %s, with a curl that reproduces it", async (drift, kind) => {
    fixture.drift(drift);
    const result = await verify();
    expect(result.failures).toBeGreaterThan(0);
    expect(kinds(result, "failure")).toContain(kind);
    const [operation, group] =
      result.operations.flatMap((entry) => entry.findings.filter((found) => found.kind === kind).map((found) => [entry.operationId, found] as const))[0] ?? [];
    // The no-token check sends no Authorization header; every other request reads the token from $TOKEN.
    if (group?.label !== "no token") expect(group?.curl).toContain('"Authorization: Bearer $TOKEN"');
    expect(group?.curl).not.toContain(TOKEN);
    const again = await replay(group?.curl ?? "");
    if (kind === "accepted-invalid-input" || kind === "authentication-not-enforced") expect(again.status).toBe(200);
    else
      expect(
        checkResponse(operation as OperationId, { status: again.status, contentType: again.headers.get("content-type"), text: await again.text() }).map(
          (found) => found.kind,
        ),
      ).toContain(kind);
  });

  it("names the field a detail response leaves out, and its curl gets that response again", async () => {
    fixture.drift("missing-field");
    const result = await verify();
    const detail = result.operations.find((operation) => operation.operationId === "getGuestConnection");
    const group = detail?.findings.find((found) => found.kind === "schema");
    expect(group?.message).toContain("guest_email");
    const again = await replay(group?.curl ?? "");
    expect(again.status).toBe(200);
    expect(Object.keys((await again.json()) as object)).not.toContain("guest_email");
  });

  it("reports each distinct cause as its own finding, with its own curl", async () => {
    fixture.drift("broken-error-shape");
    const result = await verify();
    const groups =
      result.operations.find((operation) => operation.operationId === "getGuestConnection")?.findings.filter((found) => found.kind === "error-shape") ?? [];
    const statuses = await Promise.all(groups.map(async (group) => (await replay(group.curl)).status));
    // The no-token 401 and the 422s break the error shape in their own ways: one group each.
    expect(new Set(statuses)).toEqual(new Set([401, 422]));
    expect(new Set(groups.map((group) => group.curl)).size).toBe(groups.length);
  });

  it("reports a new value of an open enum as a warning only", async () => {
    fixture.drift("new-enum-value");
    const result = await verify();
    expect(result.failures).toBe(0);
    expect(kinds(result, "warning")).toEqual(new Set(["new-enum-value"]));
  });

  it("warns when a deployment's lists are empty, saying why", async () => {
    fixture.drift("none");
    fixture.data.guestConnections.length = 0;
    fixture.data.hostConnections.length = 0;
    fixture.data.guestInvitations.length = 0;
    const result = await verify();
    expect(result.failures).toBe(0);
    for (const operation of result.operations.filter((entry) => !entry.skipped)) {
      expect(operation.validatedItems, operation.operationId).toBe(0);
      expect(operation.findings.find((found) => found.kind === "no-items-validated")?.message, operation.operationId).toMatch(/empty|no list returned an item/);
    }
  });

  it("sends at most --requests valid requests per operation, every negative check on top, paced to --rate", async () => {
    fixture.drift("none");
    const rate = 25;
    const result = await verify({ requests: 3, rate });
    const perOperation = new Map<string, number>();
    for (const request of fixture.requests) perOperation.set(String(request.operationId), (perOperation.get(String(request.operationId)) ?? 0) + 1);
    for (const operation of result.operations.filter((entry) => !entry.skipped)) {
      expect(operation.valid).toBeLessThanOrEqual(3);
      expect(perOperation.get(operation.operationId)).toBe(operation.sent);
      expect(operation.sent).toBe(operation.valid + operation.unauthenticated + operation.invalid);
    }
    const gaps = fixture.requests.slice(1).map((request, index) => request.at - (fixture.requests[index] as { at: number }).at);
    // Timers may fire a little early and a busy machine delays one arrival more than the next; without pacing the gaps would be about a millisecond.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual((1000 / rate) * 0.5);
  });

  it("writes only when allowed, on the one resource named, restores it, and names the fields the server manages", async () => {
    fixture.drift("none");
    const readOnly = await verify();
    expect(fixture.requests.filter((request) => request.method !== "GET")).toEqual([]);
    expect(readOnly.operations.filter((operation) => operation.skipped).map((operation) => operation.operationId)).toEqual(
      (Object.keys(operationTable) as OperationId[]).filter((id) => operationTable[id].method !== "GET"),
    );
    fixture.drift("none");
    const before = structuredClone(fixture.data.guestConnections[0]);
    expect(before?.["guest_organization_id"]).toBe(GUEST_ORG_ID);
    const result = await verify({ writeTarget: GUEST_ORG_ID, requests: 6 });
    expect(fixture.writes.length).toBeGreaterThan(1);
    // Only the named connection was written: the other PATCHes break an input and are refused.
    expect(new Set(fixture.writes.map(([id]) => id))).toEqual(new Set([GUEST_ORG_ID]));
    expect(result.restoreError).toBeUndefined();
    const after = fixture.data.guestConnections[0] as Record<string, unknown>;
    expect(after["archived"]).toBe(before?.["archived"]);
    // What the server set itself stays as the writes left it, and the report says so.
    expect(after["updated_at"]).not.toBe(before?.["updated_at"]);
    expect(result.restoreNote).toMatch(/updated_at .*managed by the server/);
    for (const format of ["text", "markdown", "junit", "json"] as const) expect(renderReport(result, format, TOKEN), format).toContain("updated_at");
  });

  it("restores what it wrote when interrupted", async () => {
    fixture.drift("none");
    const original = fixture.data.guestConnections[0]?.["archived"];
    let interrupt: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (interrupt = resolve));
    // Interrupted the moment a write changes the connection: without the restore it stays changed.
    fixture.onWrite = () => interrupt();
    try {
      const result = await verify({ writeTarget: GUEST_ORG_ID, requests: 40, rate: 50, stopped });
      expect(result.interrupted).toBe(true);
      expect(fixture.data.guestConnections[0]?.["archived"]).toBe(original);
    } finally {
      fixture.onWrite = undefined;
    }
  });
});

describe("verify, where a consumer would feel it", () => {
  /** Answers the requests `when` picks with `status` and `body`; the stand-in answers the rest. */
  const answering = (when: (request: { url: string; method: string }) => boolean, status: number, body: unknown) => {
    fixture.intercept = (request, response) => {
      if (!when(request) || request.authorization === undefined) return false;
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
      return true;
    };
  };

  it("fails a valid request that is refused, naming the input and the value sent (rejected-valid-input)", async () => {
    fixture.drift("none");
    // A server whose limit stops at 50: every valid page of 100 is refused as FastAPI refuses it.
    answering((request) => request.url.startsWith("/guest-connections?") && /[?&]limit=100(&|$)/.test(request.url), 422, {
      detail: [{ loc: ["query", "limit"], msg: "ensure this value is less than or equal to 50", type: "value_error.number.not_le" }],
    });
    try {
      const result = await verify({ requests: 6, negative: false });
      const groups = result.operations.find((operation) => operation.operationId === "listGuestConnections")?.findings ?? [];
      const rejected = groups.find((group) => group.kind === "rejected-valid-input");
      expect(rejected?.severity).toBe("failure");
      expect(rejected?.message).toMatch(/422 for a request the contract calls valid .*; the server refused query\.limit = 100/);
      expect(rejected?.curl).toContain("limit=100");
      expect(result.failures).toBeGreaterThan(0);
    } finally {
      fixture.intercept = undefined;
    }
  });

  it("reports a field the contract does not declare: a warning naming it, a failure under strict", async () => {
    fixture.drift("none");
    const connection = { ...(fixture.data.guestConnections[0] as object), internal_rank: 7 };
    answering((request) => /^\/guest-connections\/[0-9a-f-]{36}$/.test(request.url) && request.method === "GET", 200, connection);
    try {
      for (const strict of [false, true]) {
        const result = await verify({ requests: 4, negative: false, writeTarget: undefined, strict });
        const group = result.operations
          .find((operation) => operation.operationId === "getGuestConnection")
          ?.findings.find((entry) => entry.kind === "undeclared-field");
        expect(group?.severity, String(strict)).toBe(strict ? "failure" : "warning");
        expect(group?.message).toMatch(/\/internal_rank, a field the contract does not declare/);
      }
    } finally {
      fixture.intercept = undefined;
    }
  });

  it("says pages failed validation, not that they were empty, when no item could be validated for that reason", async () => {
    fixture.drift("null-field");
    const result = await verify({ requests: 4, negative: false });
    const warning = result.operations
      .find((operation) => operation.operationId === "listGuestConnections")
      ?.findings.find((group) => group.kind === "no-items-validated");
    expect(warning?.message).toMatch(/success answers? failed the checks above/);
    expect(warning?.message).not.toMatch(/every page it answered was empty/);
    fixture.drift("none");
    answering((request) => request.url.startsWith("/host-connections?"), 200, { items: [], total_items: 0 });
    try {
      const empty = await verify({ requests: 4, negative: false });
      const note = empty.operations
        .find((operation) => operation.operationId === "listHostConnections")
        ?.findings.find((group) => group.kind === "no-items-validated");
      expect(note?.message).toMatch(/every page it answered was empty/);
    } finally {
      fixture.intercept = undefined;
    }
  });

  it("reports a filter the server ignored (filter-not-applied): a warning, a failure under strict", async () => {
    fixture.drift("none");
    const archivedAndNot = fixture.data.guestConnections.slice(0, 10);
    expect(new Set(archivedAndNot.map((item) => item["archived"])).size).toBe(2);
    answering((request) => request.url.startsWith("/guest-connections?") && /[?&]archived=/.test(request.url), 200, { items: archivedAndNot, total_items: 10 });
    try {
      for (const strict of [false, true]) {
        const result = await verify({ requests: 10, negative: false, strict });
        const group = result.operations
          .find((operation) => operation.operationId === "listGuestConnections")
          ?.findings.find((entry) => entry.kind === "filter-not-applied");
        expect(group?.severity, String(strict)).toBe(strict ? "failure" : "warning");
        expect(group?.message).toMatch(/do not match the filter archived=(true|false) .*the server ignored the filter/);
      }
    } finally {
      fixture.intercept = undefined;
    }
  });

  it("sends every PATCH to the --patch-id resource, but for the one malformed id of the write path's negative check", async () => {
    fixture.drift("none");
    fixture.requests.length = 0;
    await verify({ writeTarget: GUEST_ORG_ID, requests: 8 });
    const patches = fixture.requests.filter((request) => request.method === "PATCH").map((request) => request.url);
    expect(patches.length).toBeGreaterThan(8);
    const elsewhere = patches.filter((url) => url !== `/guest-connections/${GUEST_ORG_ID}`);
    expect(elsewhere).toHaveLength(1);
    expect(elsewhere[0]).toMatch(/^\/guest-connections\/[0-9A-Za-z-]+$/);
  });
});

describe("the verify command", () => {
  const run = (args: string[], env: Record<string, string> = { MYCREDITAPP_TOKEN: TOKEN }) => runVerify(args, env);
  const base = () => ["--base-url", fixture.url, "--requester-org", REQUESTER_ID, "--rate", "500", "--requests", "4"];

  it("exits 0 on the package's own mock and writes the report it is asked for", async () => {
    const report = join(dir, "own.json");
    const result = await run([
      "--base-url",
      mockUrl(),
      "--requester-org",
      REQUESTER_ID,
      "--rate",
      "500",
      "--requests",
      "4",
      "--report",
      report,
      "--format",
      "json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/keeps the contract: \d+ requests, 0 failures, \d+ warnings?/);
    expect(
      result.stdout
        .split("\n")
        .filter((line) => line.startsWith("  warn"))
        .every((line) => line.includes("filter-not-applied")),
    ).toBe(true);
    expect((JSON.parse(await readFile(report, "utf8")) as VerifyResult).failures).toBe(0);
  });

  it.each<Mode>(["stock", "documented"])(
    "exits 0 with its defaults on the FastAPI stand-in in %s mode, validating items of every list and the detail",
    async (mode) => {
      fixture.drift("none", mode);
      const result = await run(["--base-url", fixture.url, "--requester-org", REQUESTER_ID, "--rate", "1000", "--quiet"]);
      expect(result.code, result.stdout).toBe(0);
      for (const operationId of [...LISTS, "getGuestConnection"]) {
        expect(validatedItems(result.stdout, operationId), operationId).toBeGreaterThan(0);
      }
    },
  );

  it("exits 1 when the detail response leaves guest_email out, naming the field in a curl that reproduces it", async () => {
    fixture.drift("missing-field", "stock");
    const result = await run(["--base-url", fixture.url, "--requester-org", REQUESTER_ID, "--rate", "1000", "--quiet"]);
    expect(result.code).toBe(1);
    const lines = result.stdout.split("\n");
    const at = lines.findIndex((line) => line.includes("FAIL schema") && line.includes("guest_email"));
    expect(at, result.stdout).toBeGreaterThan(-1);
    const curl = lines.slice(at).find((line) => line.trim().startsWith("curl")) ?? "";
    const again = await replay(curl.trim());
    expect(again.status).toBe(200);
    expect(Object.keys((await again.json()) as object)).not.toContain("guest_email");
  });

  it("exits 1 on drift, and never prints the token, not even where the deployment echoes it", async () => {
    fixture.drift("echo-token");
    for (const format of ["junit", "markdown", "json"]) {
      const report = join(dir, `drift.${format}`);
      fixture.drift(format === "json" ? "renamed-field" : "echo-token");
      const result = await run([...base(), "--report", report, "--format", format]);
      const written = await readFile(report, "utf8");
      for (const text of [result.stdout, result.stderr, written]) expect(text).not.toContain(TOKEN);
      if (format === "json") {
        expect(result.code).toBe(1);
        expect(result.stdout).toContain("FAIL schema");
      }
      if (format === "junit") expect(written).toMatch(/^<\?xml[\s\S]*<testsuites/);
    }
  });

  it("undoes its writes when the command is interrupted, and exits 2", async () => {
    fixture.drift("none");
    const original = fixture.data.guestConnections[0]?.["archived"];
    const { spawn } = await import("node:child_process");
    const args = [...base().slice(0, 4), "--rate", "20", "--requests", "40", "--allow-writes", "--patch-id", GUEST_ORG_ID, "--quiet"];
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "verify", ...args], {
      env: { ...process.env, MYCREDITAPP_TOKEN: TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // SIGINT the moment a write changes the connection: without the restore it stays changed.
    fixture.onWrite = () => {
      fixture.onWrite = undefined;
      child.kill("SIGINT");
    };
    try {
      expect(await exited).toBe(2);
      expect(fixture.data.guestConnections[0]?.["archived"]).toBe(original);
    } finally {
      fixture.onWrite = undefined;
    }
  }, 60_000);

  it("exits 2 on usage and connection problems, with one line that says which", async () => {
    const noToken = await run(base(), { MYCREDITAPP_TOKEN: "" });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("set the bearer token in the environment variable MYCREDITAPP_TOKEN");
    const badUrl = await run(["--base-url", "api.mycreditapp.ai", "--requester-org", REQUESTER_ID]);
    expect([badUrl.code, badUrl.stderr.trim().split("\n")]).toEqual([
      2,
      ['mycreditapp-contract: --base-url must be an absolute http(s) URL, got "api.mycreditapp.ai"'],
    ]);
    const unreachable = await run(["--base-url", "http://127.0.0.1:9", "--requester-org", REQUESTER_ID, "--quiet"]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stdout).toContain("could not verify http://127.0.0.1:9");
    const writesWithoutTarget = await run([...base(), "--allow-writes"]);
    expect(writesWithoutTarget.code).toBe(2);
  });
});
