/**
 * The breaking-change gate: one case per rule, each a single edit of the current bundle, classified
 * with its rule, its kind and the operations it touches; then the gate itself (a new major version
 * or a reviewed allow-list entry lets a breaking change through, nothing else does).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/spec/openapi-document.ts";
import { unannouncedBreaking, type Baseline } from "../../scripts/lib/release-baseline.ts";
import { renderMarkdown } from "../../scripts/lib/render-changes.ts";
import { diffSpecs, type Change } from "../../src/spec/spec-diff.ts";

const current = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8")) as OpenApiDocument;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits below reach anywhere in the document
type Json = Record<string, any>;

function edited(edit: (spec: Json) => void): Change[] {
  const head = structuredClone(current) as unknown as Json;
  edit(head);
  return diffSpecs(current, head as unknown as OpenApiDocument);
}

const schemas = (spec: Json) => spec["components"]["schemas"];
const inlineParameter = (spec: Json, path: string, name: string) =>
  spec["paths"][path]["get"]["parameters"].find((parameter: Json) => parameter["name"] === name);

const cases: [rule: string, kind: Change["kind"], operation: string, edit: (spec: Json) => void][] = [
  ["operation-removed", "breaking", "listGuestInvitations", (spec) => delete spec["paths"]["/guest-invitations"]["get"]],
  [
    "operation-added",
    "non-breaking",
    "deleteGuestConnection",
    (spec) =>
      (spec["paths"]["/guest-connections/{guest_org_id}"]["delete"] = { operationId: "deleteGuestConnection", responses: { 204: { description: "Deleted" } } }),
  ],
  [
    "parameter-removed",
    "breaking",
    "listGuestConnections",
    (spec) =>
      (spec["paths"]["/guest-connections"]["get"]["parameters"] = spec["paths"]["/guest-connections"]["get"]["parameters"].filter(
        (parameter: Json) => parameter["name"] !== "search_text",
      )),
  ],
  ["parameter-became-required", "breaking", "listGuestConnections", (spec) => (inlineParameter(spec, "/guest-connections", "search_text")["required"] = true)],
  [
    "required-parameter-added",
    "breaking",
    "listHostConnections",
    (spec) => spec["paths"]["/host-connections"]["get"]["parameters"].push({ name: "region", in: "query", required: true, schema: { type: "string" } }),
  ],
  [
    "optional-parameter-added",
    "non-breaking",
    "listHostConnections",
    (spec) => spec["paths"]["/host-connections"]["get"]["parameters"].push({ name: "region", in: "query", schema: { type: "string" } }),
  ],
  [
    "request-required-field-added",
    "breaking",
    "patchGuestConnection",
    (spec) => {
      schemas(spec)["GuestConnectionPatch"]["properties"]["reason"] = { type: "string" };
      schemas(spec)["GuestConnectionPatch"]["required"].push("reason");
    },
  ],
  ["request-maximum-decreased", "breaking", "listGuestConnections", (spec) => (inlineParameter(spec, "/guest-connections", "limit")["schema"]["maximum"] = 50)],
  [
    "request-maximum-increased",
    "non-breaking",
    "listGuestConnections",
    (spec) => (inlineParameter(spec, "/guest-connections", "limit")["schema"]["maximum"] = 200),
  ],
  [
    "request-minLength-increased",
    "breaking",
    "listGuestConnections",
    (spec) => (inlineParameter(spec, "/guest-connections", "search_text")["schema"]["minLength"] = 3),
  ],
  ["request-enum-value-removed", "breaking", "listGuestConnections", (spec) => (schemas(spec)["ConnectionStatus"]["enum"] = ["connected"])],
  [
    "request-format-added",
    "breaking",
    "listGuestInvitations",
    (spec) => (inlineParameter(spec, "/guest-invitations", "email_search")["schema"]["format"] = "email"),
  ],
  ["request-type-changed", "breaking", "listGuestConnections", (spec) => (inlineParameter(spec, "/guest-connections", "offset")["schema"]["type"] = "string")],
  [
    "response-became-nullable",
    "breaking",
    "getGuestConnection",
    (spec) => (schemas(spec)["GuestConnection"]["properties"]["guest_name"]["type"] = ["string", "null"]),
  ],
  [
    "response-field-became-optional",
    "breaking",
    "getGuestConnection",
    (spec) => (schemas(spec)["GuestConnection"]["required"] = schemas(spec)["GuestConnection"]["required"].filter((name: string) => name !== "guest_name")),
  ],
  ["response-field-removed", "breaking", "patchGuestConnection", (spec) => delete schemas(spec)["GuestConnection"]["properties"]["owner_email"]],
  ["response-field-added", "non-breaking", "listHostConnections", (spec) => (schemas(spec)["HostConnection"]["properties"]["region"] = { type: "string" })],
  ["response-enum-value-added", "non-breaking", "listGuestConnections", (spec) => schemas(spec)["ActionType"]["enum"].push("documents_update_request")],
  [
    "response-type-changed",
    "breaking",
    "getGuestConnection",
    (spec) => (schemas(spec)["GuestConnection"]["properties"]["total_score"]["type"] = ["string", "null"]),
  ],
  [
    "response-maxLength-increased",
    "breaking",
    "getGuestConnection",
    (spec) => (schemas(spec)["GuestConnection"]["properties"]["guest_name"]["maxLength"] = 500),
  ],
  [
    "response-maxLength-decreased",
    "non-breaking",
    "getGuestConnection",
    (spec) => (schemas(spec)["GuestConnection"]["properties"]["guest_name"]["maxLength"] = 200),
  ],
  ["response-status-removed", "breaking", "getGuestConnection", (spec) => delete spec["paths"]["/guest-connections/{guest_org_id}"]["get"]["responses"]["200"]],
  [
    "response-error-status-removed",
    "non-breaking",
    "getGuestConnection",
    (spec) => delete spec["paths"]["/guest-connections/{guest_org_id}"]["get"]["responses"]["404"],
  ],
  [
    "response-status-added",
    "non-breaking",
    "listHostConnections",
    (spec) => (spec["paths"]["/host-connections"]["get"]["responses"]["429"] = { description: "Too many requests" }),
  ],
  [
    "parameter-serialization-changed",
    "breaking",
    "listGuestConnections",
    (spec) => (spec["paths"]["/guest-connections"]["get"]["parameters"].find((parameter: Json) => parameter["name"] === "statuses")["explode"] = false),
  ],
  [
    "parameter-serialization-changed",
    "breaking",
    "listHostConnections",
    (spec) => (spec["paths"]["/host-connections"]["get"]["parameters"].find((parameter: Json) => parameter["name"] === "statuses")["style"] = "pipeDelimited"),
  ],
  [
    "request-additionalProperties-closed",
    "breaking",
    "patchGuestConnection",
    (spec) => (schemas(spec)["GuestConnectionPatch"]["additionalProperties"] = false),
  ],
  ["response-additionalProperties-closed", "non-breaking", "getGuestConnection", (spec) => (schemas(spec)["GuestConnection"]["additionalProperties"] = false)],
  ["security-removed", "non-breaking", "getGuestConnection", (spec) => (spec["paths"]["/guest-connections/{guest_org_id}"]["get"]["security"] = [])],
  [
    "security-changed",
    "breaking",
    "listGuestConnections",
    (spec) => {
      spec["components"]["securitySchemes"]["apiKey"] = { type: "apiKey", in: "header", name: "X-Api-Key" };
      spec["paths"]["/guest-connections"]["get"]["security"] = [{ apiKey: [] }];
    },
  ],
  ["server-url-changed", "breaking", "", (spec) => (spec["servers"][0]["url"] = "https://api.mycreditapp.ai/v2")],
  ["server-added", "non-breaking", "", (spec) => spec["servers"].push({ url: "https://sandbox.mycreditapp.ai/v1-beta" })],
  [
    "request-media-type-added",
    "non-breaking",
    "patchGuestConnection",
    (spec) =>
      (spec["paths"]["/guest-connections/{guest_org_id}"]["patch"]["requestBody"]["content"]["application/x-www-form-urlencoded"] = {
        schema: { $ref: "#/components/schemas/GuestConnectionPatch" },
      }),
  ],
  [
    "response-anyOf-alternative-removed",
    "non-breaking",
    "getGuestConnection",
    (spec) => (schemas(spec)["Timestamp"]["anyOf"] = schemas(spec)["Timestamp"]["anyOf"].slice(0, 1)),
  ],
  [
    "request-default-changed",
    "breaking",
    "listGuestInvitations",
    (spec) => (inlineParameter(spec, "/guest-invitations", "order_by")["schema"]["default"] = "created_at"),
  ],
  [
    "permission-removed",
    "breaking",
    "patchGuestConnection",
    (spec) => (spec["paths"]["/guest-connections/{guest_org_id}"]["patch"]["x-permissions"] = { guest: false, host: true, self: true }),
  ],
  ["permission-added", "non-breaking", "listGuestInvitations", (spec) => (spec["paths"]["/guest-invitations"]["get"]["x-permissions"]["host"] = true)],
  [
    "description-changed",
    "documentation",
    "listGuestConnections",
    (spec) => (spec["paths"]["/guest-connections"]["get"]["description"] = "Lists guest connections."),
  ],
];

describe("diffSpecs", () => {
  it("finds no change between a spec and itself", () => {
    expect(diffSpecs(current, structuredClone(current))).toEqual([]);
  });

  it.each(cases)("%s is %s and names %s", (rule, kind, operation, edit) => {
    const changes = edited(edit);
    const found = changes.filter((change) => change.rule === rule);
    expect(found.length, JSON.stringify(changes, null, 1)).toBeGreaterThan(0);
    expect(new Set(found.map((change) => change.kind))).toEqual(new Set([kind]));
    if (operation) expect(found.flatMap((change) => change.operations)).toContain(operation);
    else expect(found.flatMap((change) => change.operations)).toEqual([]);
  });

  it("finds the changes of non-JSON content: a media type gone from a request or a response, a schema changed in one", () => {
    const withForm = structuredClone(current) as unknown as Json;
    withForm["paths"]["/guest-connections/{guest_org_id}"]["patch"]["requestBody"]["content"]["text/plain"] = { schema: { type: "string", maxLength: 10 } };
    const narrowed = structuredClone(withForm);
    narrowed["paths"]["/guest-connections/{guest_org_id}"]["patch"]["requestBody"]["content"]["text/plain"]["schema"]["maxLength"] = 5;
    const rules = (head: Json) =>
      diffSpecs(withForm as unknown as OpenApiDocument, head as unknown as OpenApiDocument).map((change) => `${change.kind} ${change.rule}`);
    expect(rules(narrowed)).toEqual(["breaking request-maxLength-decreased"]);
    const dropped = structuredClone(withForm);
    delete dropped["paths"]["/guest-connections/{guest_org_id}"]["patch"]["requestBody"]["content"]["text/plain"];
    expect(rules(dropped)).toEqual(["breaking request-media-type-removed"]);
    const withCsv = structuredClone(current) as unknown as Json;
    withCsv["paths"]["/guest-connections"]["get"]["responses"]["200"]["content"]["text/csv"] = { schema: { type: "string" } };
    expect(diffSpecs(withCsv as unknown as OpenApiDocument, current).map((change) => `${change.kind} ${change.rule}`)).toEqual([
      "breaking response-media-type-removed",
    ]);
  });

  it("compares anyOf and oneOf as sets: the same alternatives in another order are no change", () => {
    const reordered = edited((spec) => {
      const timestamp = schemas(spec)["Timestamp"];
      timestamp["anyOf"] = [...timestamp["anyOf"]].reverse();
    });
    expect(reordered.filter((change) => change.kind !== "documentation")).toEqual([]);
    const withOneOf = structuredClone(current) as unknown as Json;
    schemas(withOneOf)["GuestConnectionPatch"]["properties"]["archived"] = { oneOf: [{ type: "boolean" }, { type: "integer" }] };
    const swapped = structuredClone(withOneOf);
    schemas(swapped)["GuestConnectionPatch"]["properties"]["archived"]["oneOf"].reverse();
    expect(diffSpecs(withOneOf as unknown as OpenApiDocument, swapped as unknown as OpenApiDocument)).toEqual([]);
  });

  it("reports a new value of a closed response enum as breaking", () => {
    const changes = edited((spec) => {
      delete schemas(spec)["ActionType"]["x-open-enum"];
      schemas(spec)["ActionType"]["enum"].push("documents_update_request");
    });
    expect(changes.filter((change) => change.rule === "response-enum-value-added").map((change) => change.kind)).toContain("breaking");
  });

  it("keeps documentation-only edits apart from contract changes", () => {
    const changes = edited((spec) => (schemas(spec)["GuestConnection"]["properties"]["guest_name"]["description"] = "The guest's name."));
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes.map((change) => change.kind))).toEqual(new Set(["documentation"]));
  });

  it("renders Markdown sections for the changelog", () => {
    const markdown = renderMarkdown(edited((spec) => (inlineParameter(spec, "/guest-connections", "limit")["schema"]["maximum"] = 50)));
    expect(markdown).toMatch(
      /^### Breaking changes\n\n- \*\*request-maximum-decreased\*\*: `GET \/guest-connections query limit` maximum 100 → 50 \(`listGuestConnections`\)/m,
    );
  });
});

describe("the gate", () => {
  const breaking = edited((spec) => (inlineParameter(spec, "/guest-connections", "limit")["schema"]["maximum"] = 50));
  const baseline = (allowed: Baseline["allowed"] = []): Baseline => ({ spec: current, packageVersion: "1.4.2", allowed });

  it("stops a breaking change at the same major version", () => {
    expect(unannouncedBreaking(breaking, baseline(), "1.5.0").map((change) => change.rule)).toEqual(["request-maximum-decreased"]);
  });

  it("lets it through with a new major version (the minor for 0.x)", () => {
    expect(unannouncedBreaking(breaking, baseline(), "2.0.0")).toEqual([]);
    expect(unannouncedBreaking(breaking, { ...baseline(), packageVersion: "0.3.1" }, "0.4.0")).toEqual([]);
    expect(unannouncedBreaking(breaking, { ...baseline(), packageVersion: "0.3.1" }, "0.3.2")).toHaveLength(1);
  });

  it("lets through what the reviewed allow-list names, and nothing else", () => {
    const location = (breaking.find((change) => change.kind === "breaking") as Change).location;
    expect(
      unannouncedBreaking(breaking, baseline([{ rule: "request-maximum-decreased", location, reason: "The server never accepted more than 50." }]), "1.5.0"),
    ).toEqual([]);
    expect(unannouncedBreaking(breaking, baseline([{ rule: "request-maximum-decreased", location: "GET /other", reason: "x" }]), "1.5.0")).toHaveLength(1);
  });
});
