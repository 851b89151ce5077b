/**
 * Server drift breaks the server's build: `conform` on the FastAPI app's own document, and
 * `verify` on its wire, for the app as written from the pages and for each way a backend change
 * can drift from them (the mutations of test/fastapi/app.py):
 * - the app as written: `conform`, fetched from its own `/v1-beta/openapi.json`, reports exactly
 *   the differences it really has: the four its team allow-lists with their reasons (Pydantic 1's
 *   `EmailStr` takes no length) and one warning (the host list's `statuses` accepts an empty list
 *   the contract refuses); nothing that is only FastAPI's spelling;
 * - each mutation: `conform` on the app's dumped document reports a finding that names what
 *   changed, and fails; where the change shows on the wire, `verify --strict` fails with the kind
 *   a consumer would see; a looser server is a warning for `conform`, and `verify` sees a looser
 *   bound every run, as it sends the value just past the contract's.
 * Run by .ci/fastapi-lane.sh, which provides the Python packages.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformResult } from "../../src/conform/conform.ts";
import { REQUESTER_ID } from "../support/client.ts";
import { runConform, runVerify } from "../support/verify-cli.ts";
import { startFastApi } from "./fastapi-server.ts";

const TOKEN = "fastapi-lane-token-8d1e";
const APP = fileURLToPath(new URL("./app.py", import.meta.url));
const ALLOW = fileURLToPath(new URL("./conform-allow.yaml", import.meta.url));

interface Mutation {
  name: string;
  /** The finding `conform` must report: its rule, and what its message names. */
  rule: string;
  names: RegExp;
  /** What `verify --strict` reports on the wire, as the kind of a failure; none where the wire does not show it. */
  wire?: string;
  /** A looser server: a warning, and `conform` exits 0. */
  looser?: true;
}

const MUTATIONS: Mutation[] = [
  { name: "limit-maximum-lowered", rule: "request-maximum-decreased", names: /query limit: maximum 100 → 50/, wire: "rejected-valid-input" },
  { name: "invitation-status-dropped", rule: "request-enum-value-removed", names: /statuses.*"accepted_by_system"/, wire: "rejected-valid-input" },
  { name: "total-score-renamed", rule: "response-field-renamed", names: /total_score is missing and the server has score/, wire: "undeclared-field" },
  { name: "guest-email-optional", rule: "response-field-became-optional", names: /guest_email/, wire: "schema" },
  { name: "search-field-required", rule: "parameter-became-required", names: /search_field is now required/, wire: "rejected-valid-input" },
  { name: "offset-minimum-raised", rule: "request-minimum-increased", names: /query offset: minimum 0 → 1/, wire: "rejected-valid-input" },
  { name: "search-text-pattern", rule: "request-pattern-added", names: /query search_text: pattern/, wire: "rejected-valid-input" },
  { name: "total-items-string", rule: "response-type-changed", names: /total_items: no longer accepts type integer/, wire: "schema" },
  { name: "owner-email-removed", rule: "response-field-removed", names: /owner_email was removed/, wire: "schema" },
  { name: "created-at-nullable", rule: "response-became-nullable", names: /created_at: can now be null/, wire: "schema" },
  { name: "archived-filter-dropped", rule: "parameter-removed", names: /query archived/, wire: "filter-not-applied" },
  { name: "search-text-max-lowered", rule: "request-maxLength-decreased", names: /query search_text: maxLength 255 → 100/, wire: "rejected-valid-input" },
  // Looser for `conform`; on the wire, `verify` sends limit=101, just past the contract's bound, and gets a 200 for the 422 the contract promises.
  { name: "limit-maximum-raised", rule: "request-maximum-increased", names: /query limit: maximum 100 → 200/, looser: true, wire: "accepted-invalid-input" },
  { name: "status-enum-extended", rule: "response-enum-value-added", names: /can now be "pending"/, looser: true },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "server-drift-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The app's document as a backend's CI dumps it (`app.openapi()`), written to a file. */
async function dumped(mutation: string): Promise<string> {
  const python = process.env["FASTAPI_PYTHON"] as string;
  const { stdout } = await promisify(execFile)(python, [APP, "--openapi", mutation], { maxBuffer: 16 * 1024 * 1024 });
  const file = join(dir, `${mutation || "as-written"}.json`);
  await writeFile(file, stdout);
  return file;
}

async function conform(location: string): Promise<{ code: number; result: ConformResult; stderr: string }> {
  const run = await runConform([location, "--allow", ALLOW, "--format", "json"]);
  return { code: run.code, result: JSON.parse(run.stdout || "{}") as ConformResult, stderr: run.stderr };
}

describe("conform on the FastAPI app as written from the pages", () => {
  it("reports exactly its real differences, read from its own /v1-beta/openapi.json: four allowed with their reasons, one warning", async () => {
    const server = await startFastApi("stock");
    try {
      const { code, result, stderr } = await conform(`${server.url}/openapi.json`);
      expect(code, stderr).toBe(0);
      expect(result.dialect).toBe("fastapi-pydantic1");
      expect(result.findings.map((finding) => `${finding.severity} ${finding.rule} ${finding.operation}`)).toEqual([
        "warning request-minItems-removed listHostConnections",
      ]);
      expect(result.allowed.map((finding) => `${finding.rule} ${finding.contractPointer}`).sort()).toEqual([
        "response-maxLength-removed /components/schemas/GuestConnection/properties/guest_email",
        "response-maxLength-removed /components/schemas/GuestConnection/properties/owner_email",
        "response-minLength-removed /components/schemas/GuestConnection/properties/guest_email",
        "response-minLength-removed /components/schemas/GuestConnection/properties/owner_email",
      ]);
      expect(result.allowed.every((finding) => finding.reason.includes("EmailStr"))).toBe(true);
      // FastAPI's spelling was rewritten, not reported: the served document's servers entry among it.
      expect(result.normalised.map((entry) => entry.rule)).toEqual(
        expect.arrayContaining([
          "servers",
          "security-scheme-name",
          "validation-error-body",
          "undeclared-error-statuses",
          "pydantic1-enum-allof",
          "email-format",
        ]),
      );
    } finally {
      await server.close();
    }
  }, 60_000);

  it("fails without the allow-list, on exactly the four differences it holds", async () => {
    const run = await runConform([await dumped(""), "--format", "json"]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as ConformResult;
    expect(result.findings.filter((finding) => finding.severity === "failure").map((finding) => finding.rule)).toEqual([
      "response-minLength-removed",
      "response-maxLength-removed",
      "response-minLength-removed",
      "response-maxLength-removed",
    ]);
  }, 60_000);
});

describe.each(MUTATIONS)("the FastAPI app with $name", (mutation) => {
  it(`conform reports ${mutation.rule}${mutation.looser ? " as a warning and exits 0" : " and fails"}`, async () => {
    const { code, result, stderr } = await conform(await dumped(mutation.name));
    const found = result.findings.filter((finding) => finding.rule === mutation.rule);
    expect(found.length, JSON.stringify(result.findings, null, 1)).toBeGreaterThan(0);
    expect(found.map((finding) => finding.message).join("\n")).toMatch(mutation.names);
    expect(found.every((finding) => finding.severity === (mutation.looser ? "warning" : "failure"))).toBe(true);
    expect(code, stderr).toBe(mutation.looser ? 0 : 1);
  }, 60_000);

  if (mutation.wire) {
    it(`verify --strict fails on the wire with ${mutation.wire}`, async () => {
      const server = await startFastApi("stock", mutation.name);
      try {
        const args = ["--base-url", server.url, "--requester-org", REQUESTER_ID, "--rate", "1000", "--requests", "12", "--strict", "--quiet"];
        const run = await runVerify(args, { MYCREDITAPP_TOKEN: TOKEN });
        expect(run.code, run.stdout).toBe(1);
        expect(run.stdout).toContain(`FAIL ${mutation.wire}`);
        expect(run.stdout).not.toContain(TOKEN);
      } finally {
        await server.close();
      }
    }, 120_000);
  }
});
