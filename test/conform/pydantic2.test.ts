/**
 * `conform` on the Pydantic 2 dialect (FastAPI >= 0.100: OpenAPI 3.1, `anyOf: [X, {type: "null"}]`,
 * `Name-Input` / `Name-Output` schemas, output fields with a default marked required), which cannot
 * be installed here: test/conform/fixtures/fastapi-pydantic2.json is the document such an app
 * writes for these operations, written from FastAPI's documentation ("Separate OpenAPI Schemas for
 * Input and Output") and its generator's rules, with one endpoint beyond the contract
 * (`POST /guest-connections/import`, the reason `GuestConnection` is both an input and an output).
 * It conforms, with two warnings; each drift applied to it is reported as in the FastAPI lane.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { conformDocuments } from "../../src/conform/conform.ts";
import type { OpenApiDocument } from "../../src/spec/openapi-document.ts";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are edited by path

const contract = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8")) as OpenApiDocument;
const fixture = (): Json => JSON.parse(readFileSync(new URL("./fixtures/fastapi-pydantic2.json", import.meta.url), "utf8")) as Json;
const judge = (server: Json) => conformDocuments(contract, server as OpenApiDocument, { source: "pydantic2" });

const parameter = (document: Json, path: string, name: string): Json =>
  (document["paths"][path]["get"]["parameters"] as Json[]).find((entry) => entry["name"] === name) as Json;
const output = (document: Json): Json => document["components"]["schemas"]["GuestConnection-Output"];

interface Drift {
  name: string;
  change: (document: Json) => void;
  rule: string;
  names: RegExp;
  severity?: "failure" | "warning";
}

const DRIFTS: Drift[] = [
  {
    name: "limit maximum lowered",
    change: (d) => (parameter(d, "/guest-connections", "limit")["schema"]["maximum"] = 50),
    rule: "request-maximum-decreased",
    names: /limit/,
  },
  {
    name: "accepted_by_system dropped",
    change: (d) => (d["components"]["schemas"]["InvitationStatus"]["enum"] = ["sent", "accepted_by_guest"]),
    rule: "request-enum-value-removed",
    names: /accepted_by_system/,
  },
  {
    name: "total_score renamed score",
    change: (d) => {
      const properties = output(d)["properties"];
      properties["score"] = properties["total_score"];
      delete properties["total_score"];
      output(d)["required"] = (output(d)["required"] as string[]).map((name) => (name === "total_score" ? "score" : name));
    },
    rule: "response-field-renamed",
    names: /total_score is missing and the server has score/,
  },
  {
    name: "guest_email optional and null",
    change: (d) => {
      output(d)["properties"]["guest_email"] = { anyOf: [{ type: "string", format: "email" }, { type: "null" }], title: "Guest Email" };
      output(d)["required"] = (output(d)["required"] as string[]).filter((name) => name !== "guest_email");
    },
    rule: "response-field-became-optional",
    names: /guest_email/,
  },
  {
    name: "search_field required",
    change: (d) => {
      const entry = parameter(d, "/guest-connections", "search_field");
      entry["required"] = true;
      delete entry["schema"]["default"];
    },
    rule: "parameter-became-required",
    names: /search_field/,
  },
  {
    name: "offset minimum raised",
    change: (d) => (parameter(d, "/guest-connections", "offset")["schema"]["minimum"] = 1),
    rule: "request-minimum-increased",
    names: /offset/,
  },
  {
    name: "search_text pattern added",
    change: (d) => (parameter(d, "/guest-connections", "search_text")["schema"]["anyOf"][0]["pattern"] = "^[a-z]+$"),
    rule: "request-pattern-added",
    names: /search_text/,
  },
  {
    name: "total_items a string",
    change: (d) => (d["components"]["schemas"]["GuestConnectionPage"]["properties"]["total_items"] = { type: "string", title: "Total Items" }),
    rule: "response-type-changed",
    names: /total_items/,
  },
  { name: "owner_email removed", change: (d) => delete output(d)["properties"]["owner_email"], rule: "response-field-removed", names: /owner_email/ },
  {
    name: "created_at nullable",
    change: (d) => (output(d)["properties"]["created_at"] = { anyOf: [{ type: "string", format: "date-time" }, { type: "null" }], title: "Created At" }),
    rule: "response-became-nullable",
    names: /created_at/,
  },
  {
    name: "limit maximum raised",
    change: (d) => (parameter(d, "/guest-connections", "limit")["schema"]["maximum"] = 200),
    rule: "request-maximum-increased",
    names: /limit/,
    severity: "warning",
  },
];

describe("conform on a FastAPI >= 0.100 / Pydantic 2 document", () => {
  it("finds it conforms, with the two warnings it really has and nothing that is only spelling", () => {
    const result = judge(fixture());
    expect(result.dialect).toBe("fastapi-pydantic2");
    expect(result.conforms).toBe(true);
    expect(result.findings.map((finding) => `${finding.severity} ${finding.rule} ${finding.operation}`)).toEqual([
      "warning request-minItems-removed listHostConnections",
      "warning operation-added POST /guest-connections/import",
    ]);
    // The added operation has no node in the contract.
    expect(result.findings[1]?.contractPointer).toBe("");
    expect(result.normalised.map((entry) => entry.rule)).toContain("parameter-null-is-absence");
    // Output fields marked required (always sent) are narrower than the contract: not reported, but counted.
    expect(result.ignored.compatibleAnswers).toBeGreaterThan(0);
  });

  it.each(DRIFTS)("reports $name", ({ change, rule, names, severity = "failure" }) => {
    const document = fixture();
    change(document);
    const result = judge(document);
    const found = result.findings.filter((finding) => finding.rule === rule);
    expect(found.length, JSON.stringify(result.findings, null, 1)).toBeGreaterThan(0);
    expect(found.map((finding) => finding.message).join("\n")).toMatch(names);
    expect(found.every((finding) => finding.severity === severity)).toBe(true);
    expect(result.conforms).toBe(severity === "warning");
  });

  it("names the server's node of a finding in the document as it was given, under its /v1-beta prefix when it has one", () => {
    const document = fixture();
    document["paths"] = Object.fromEntries(Object.entries(document["paths"] as Json).map(([path, item]) => [`/v1-beta${path}`, item]));
    parameter(document, "/v1-beta/guest-connections", "limit")["schema"]["maximum"] = 50;
    // The contract's server URL ends in /v1-beta: the prefix taken off to pair the paths, and put back in the pointer.
    const result = conformDocuments(contract, document as OpenApiDocument, { source: "prefixed" });
    const finding = result.findings.find((entry) => entry.rule === "request-maximum-decreased");
    expect(finding?.serverPointer).toMatch(/^\/paths\/~1v1-beta~1guest-connections\/get\/parameters\/\d+\/schema$/);
    const index = Number(/parameters\/(\d+)/.exec(finding?.serverPointer ?? "")?.[1]);
    expect((document["paths"]["/v1-beta/guest-connections"]["get"]["parameters"] as Json[])[index]?.["name"]).toBe("limit");
  });
});
