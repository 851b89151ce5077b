/**
 * `conform`'s allow-list and reports, through the command: an accepted difference needs its
 * reason and stops failing the run; an entry that matches nothing is reported so that the list
 * cannot rot; a wrong list is one line and exit 2. The JSON report's findings carry severity,
 * rule, operation and message; the JUnit report is one test case per operation; the GitHub
 * report is workflow commands whose data cannot break out of its line.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformResult } from "../../src/conform/conform.ts";
import { renderConformReport } from "../../src/conform/conform-report.ts";
import { runConform } from "../support/verify-cli.ts";

let dir: string;
let drifted: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "conform-allow-"));
  const document = JSON.parse(await readFile(new URL("./fixtures/fastapi-pydantic2.json", import.meta.url), "utf8")) as {
    paths: Record<string, { get: { parameters: { name: string; schema: Record<string, unknown> }[] } }>;
  };
  const limit = document.paths["/guest-connections"]?.get.parameters.find((parameter) => parameter.name === "limit");
  if (limit) limit.schema["maximum"] = 50;
  drifted = join(dir, "drifted.json");
  await writeFile(drifted, JSON.stringify(document));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function allowList(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const json = async (args: string[]) => {
  const run = await runConform([...args, "--format", "json"]);
  return { code: run.code, stderr: run.stderr, result: JSON.parse(run.stdout || "{}") as ConformResult };
};

describe("conform's allow-list", () => {
  it("fails on the drift without one", async () => {
    const { code, result } = await json([drifted]);
    expect(code).toBe(1);
    const finding = result.findings.find((entry) => entry.rule === "request-maximum-decreased");
    expect(finding).toMatchObject({ severity: "failure", operation: "listGuestConnections" });
    expect(finding?.message).toMatch(/query limit: maximum 100 → 50 \(contract → server\)\. The server refuses/);
  });

  it("accepts a difference it lists, with the reason, and reports an entry that matches nothing", async () => {
    const list = await allowList(
      "allow.yaml",
      [
        "allow:",
        "  - rule: request-maximum-decreased",
        "    operation: listGuestConnections",
        "    reason: pages above 50 are too slow until the index lands",
        "  - rule: response-field-removed",
        "    pointer: /components/schemas/GuestConnection/properties/owner_email",
        "    reason: kept for a removal that was reverted",
      ].join("\n"),
    );
    const { code, result } = await json([drifted, "--allow", list]);
    expect(code).toBe(0);
    expect(result.allowed.map((entry) => [entry.rule, entry.reason])).toEqual([
      ["request-maximum-decreased", "pages above 50 are too slow until the index lands"],
    ]);
    const unused = result.findings.filter((entry) => entry.rule === "allow-list-entry-unused");
    expect(unused).toHaveLength(1);
    expect(unused[0]).toMatchObject({ severity: "warning" });
    expect(unused[0]?.message).toMatch(/response-field-removed at .*owner_email matches no difference/);
  });

  it("fails under --strict on the warnings it leaves", async () => {
    const list = await allowList("allow.json", JSON.stringify({ allow: [{ rule: "request-maximum-decreased", reason: "accepted" }] }));
    expect((await runConform([drifted, "--allow", list])).code).toBe(0);
    expect((await runConform([drifted, "--allow", list, "--strict"])).code).toBe(1);
  });

  it.each([
    ["an entry without a reason", "allow:\n  - rule: request-maximum-decreased\n", /entry 1 \(request-maximum-decreased\) gives no reason/],
    ["an unknown key", "allow:\n  - rule: x\n    reason: y\n    because: z\n", /entry 1 has an unknown key "because"/],
    ["no allow list", "rules: []\n", /must hold an `allow:` list/],
    ["an entry without a rule", "allow:\n  - reason: y\n", /entry 1 names no rule/],
  ])("refuses %s in one line", async (name, text, message) => {
    const run = await runConform([drifted, "--allow", await allowList(`${name.replace(/\W+/g, "-")}.yaml`, text)]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});

describe("conform's reports", () => {
  it("writes the JUnit report as one test case per operation, with a failure for the drift, and keeps text on stdout", async () => {
    const report = join(dir, "conform.xml");
    const run = await runConform([drifted, "--format", "junit", "--report", report]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/drifts from the contract: 1 failure/);
    const xml = await readFile(report, "utf8");
    expect(xml).toMatch(
      /<testcase classname="conform" name="listGuestConnections">\s*<failure type="request-maximum-decreased" message="[^"]*maximum 100 → 50/,
    );
    expect(xml).toMatch(/<testsuites name="conform" tests="\d+" failures="1">/);
  });

  it("writes GitHub workflow commands whose data cannot start a line or a command of its own", () => {
    const hostile: ConformResult = {
      conforms: false,
      source: "x",
      dialect: "fastapi-pydantic2",
      normalised: [],
      findings: [
        {
          severity: "failure",
          rule: "request-enum-value-removed",
          operation: "listThings",
          operations: ["listThings"],
          message: 'no longer allows "a\n::error::forged, 100%"',
          contractPointer: "/a",
          serverPointer: "/b",
        },
      ],
      allowed: [],
      ignored: { compatibleAnswers: 0, documentation: 0 },
      failures: 1,
      warnings: 0,
    };
    const lines = renderConformReport(hostile, "github").trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error title=conform request-enum-value-removed \(listThings\)::/);
    expect(lines[0]).toContain("%0A::error::forged, 100%25");
    expect(lines.filter((line) => line.startsWith("::"))).toHaveLength(1);
  });
});
