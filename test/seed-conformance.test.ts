/**
 * The reference pages, transcribed: every documented parameter and field constraint, checked
 * against the bundled spec. Loosening or dropping any of them in openapi/ (and regenerating)
 * fails here, even where the mock's behaviour would not show it.
 */
import { describe, expect, it } from "vitest";
import { resolveRef } from "../src/spec/openapi-document.ts";
import type { OperationId } from "../src/index.ts";
import { operation, parametersOf, responseErrors, spec } from "./support/spec.ts";

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema: Schema;
  description?: string;
}

/**
 * A schema with `$ref`s resolved (keywords beside a `$ref`, such as `default`, kept) and
 * `anyOf: [X, {type: null}]` / `type: [X, "null"]` folded into `nullable`.
 */
function flatten(schema: Schema): Schema & { nullable: boolean } {
  const { $ref, ...siblings } = schema;
  const resolved = typeof $ref === "string" ? { ...resolveRef<Schema>(spec, { $ref }), ...siblings } : schema;
  const anyOf = resolved["anyOf"] as Schema[] | undefined;
  const nonNull = anyOf?.filter((branch) => branch["type"] !== "null");
  if (anyOf && nonNull?.length === 1 && anyOf.length === 2) {
    return { ...resolved, ...flatten(nonNull[0] as Schema), anyOf: undefined, nullable: true };
  }
  const type = resolved["type"];
  const items = resolved["items"] as Schema | undefined;
  const base = { ...resolved, ...(items ? { items: flatten(items) } : {}) };
  if (Array.isArray(type)) {
    const types = type.filter((t) => t !== "null");
    return { ...base, type: types.length === 1 ? types[0] : types, nullable: type.includes("null") };
  }
  return { ...base, nullable: false };
}

function parameter(operationId: string, name: string) {
  const found = (parametersOf(operationId) as Parameter[]).find((p) => p.name === name);
  if (!found) throw new Error(`${operationId} has no parameter ${name}`);
  return { ...found, flat: flatten(found.schema) };
}

const ORG_HEADERS = ["Requester-Organization-ID", "Target-Organization-ID"];
const CONNECTION = ["connected", "disconnected"];
const ACTIONS = ["analytics_request"];
const DIR = ["asc", "desc"];

/** [operationId, name, required, type, enum, default, extra constraints] per documented query parameter. */
const QUERY: [string, string, boolean, string, string[] | null, unknown, Schema][] = [
  ["listGuestConnections", "statuses", true, "array", CONNECTION, undefined, { minItems: 1 }],
  ["listGuestConnections", "search_field", false, "string", ["guest_name", "guest_email", "owner_email"], "guest_name", {}],
  ["listGuestConnections", "search_text", false, "string", null, undefined, { minLength: 1, maxLength: 255, nullable: false }],
  [
    "listGuestConnections",
    "order_by",
    false,
    "string",
    ["guest_name", "guest_email", "owner_email", "total_score", "score_updated_at", "created_at", "updated_at", "archived_at", "active_action_updated_at"],
    "guest_name",
    {},
  ],
  ["listGuestConnections", "active_action_types", false, "array", ACTIONS, undefined, { minItems: 1 }],
  ["listGuestConnections", "order_dir", false, "string", DIR, "asc", {}],
  ["listGuestConnections", "archived", false, "boolean", null, undefined, { nullable: false }],
  ["listGuestConnections", "limit", true, "integer", null, undefined, { maximum: 100, minimum: undefined }],
  ["listGuestConnections", "offset", true, "integer", null, undefined, { minimum: 0 }],
  ["listHostConnections", "statuses", true, "array", CONNECTION, undefined, { minItems: 1 }],
  ["listHostConnections", "search_field", false, "string", ["host_name", "host_email", "owner_email"], "host_name", {}],
  ["listHostConnections", "search_text", false, "string", null, undefined, { minLength: 1, maxLength: 255, nullable: false }],
  [
    "listHostConnections",
    "order_by",
    false,
    "string",
    ["host_name", "host_email", "owner_email", "created_at", "updated_at", "archived_at", "active_action_updated_at"],
    "host_name",
    {},
  ],
  ["listHostConnections", "order_dir", false, "string", DIR, "asc", {}],
  ["listHostConnections", "archived", false, "boolean", null, undefined, { nullable: false }],
  ["listHostConnections", "active_action_types", false, "array", ACTIONS, undefined, { minItems: 1 }],
  ["listHostConnections", "limit", true, "integer", null, undefined, { maximum: 100, minimum: undefined }],
  ["listHostConnections", "offset", true, "integer", null, undefined, { minimum: 0 }],
  ["listGuestInvitations", "statuses", true, "array", ["sent", "accepted_by_guest", "accepted_by_system"], undefined, { minItems: 1 }],
  ["listGuestInvitations", "email_search", false, "string", null, undefined, { minLength: 1, maxLength: 255, nullable: false }],
  ["listGuestInvitations", "expired", false, "boolean", null, undefined, { nullable: false }],
  ["listGuestInvitations", "archived", false, "boolean", null, undefined, { nullable: false }],
  [
    "listGuestInvitations",
    "order_by",
    false,
    "string",
    ["email", "first_invitation_sent_at", "last_invitation_sent_at", "expired_at", "accepted_at", "archived_at", "created_at", "updated_at"],
    "last_invitation_sent_at",
    {},
  ],
  ["listGuestInvitations", "order_dir", false, "string", DIR, "asc", {}],
  ["listGuestInvitations", "limit", true, "integer", null, undefined, { maximum: 100, minimum: undefined }],
  ["listGuestInvitations", "offset", true, "integer", null, undefined, { minimum: 0 }],
];

/** Documented examples of query parameters. */
const QUERY_EXAMPLES: [string, string, unknown[]][] = [
  ["listGuestConnections", "search_text", ["Example Corp"]],
  ["listGuestConnections", "limit", [10, 20, 30]],
  ["listGuestConnections", "offset", [0, 50, 75]],
  ["listHostConnections", "search_text", ["Example Corp"]],
  ["listHostConnections", "limit", [0, 20, 30]],
  ["listHostConnections", "offset", [0, 15, 50]],
  ["listGuestInvitations", "email_search", ["guest@example.com"]],
  ["listGuestInvitations", "limit", [10, 20, 30]],
  ["listGuestInvitations", "offset", [0, 10, 20]],
];

/**
 * [field, required, type, format, nullable, extra] of GuestConnection, from the PATCH page. The page
 * shows `string<email>`, FastAPI's schema for `EmailStr`; the contract declares `idn-email`, the
 * format of what `EmailStr` accepts (see the field's description).
 */
const GUEST_CONNECTION: [string, boolean, string, string | undefined, boolean, Schema][] = [
  ["host_organization_id", true, "string", "uuid", false, {}],
  ["guest_organization_id", true, "string", "uuid", false, {}],
  ["status", true, "string", undefined, false, { enum: CONNECTION }],
  ["guest_name", true, "string", undefined, false, { minLength: 1, maxLength: 300 }],
  ["guest_email", true, "string", "idn-email", false, { minLength: 1, maxLength: 100 }],
  ["owner_email", true, "string", "idn-email", false, { minLength: 1, maxLength: 100 }],
  ["archived", true, "boolean", undefined, false, {}],
  ["created_at", true, "timestamp", undefined, false, {}],
  ["updated_at", true, "timestamp", undefined, false, {}],
  ["total_score", false, "number", undefined, true, { minimum: 0 }],
  ["score_updated_at", false, "timestamp", undefined, true, {}],
  ["archived_at", false, "timestamp", undefined, true, {}],
  ["active_action_type", false, "string", undefined, true, { enum: ACTIONS }],
  ["active_action_updated_at", false, "timestamp", undefined, true, {}],
  ["parent_organization_id", false, "string", "uuid", true, {}],
  ["parent_organization_name", false, "string", undefined, true, { minLength: 1, maxLength: 300 }],
];

function isTimestamp(schema: Schema): boolean {
  const branches = (resolveRef<Schema>(spec, schema as Schema & { $ref: string })["anyOf"] ?? []) as Schema[];
  return branches.some((b) => b["format"] === "date-time") && branches.some((b) => typeof b["pattern"] === "string");
}

/** What a reference page documents about its operation: request line, declared statuses and permission table. */
interface ReferencePage {
  method: string;
  path: string;
  statuses: string[];
  /** The published permission table; `null` where the page publishes none. */
  permissions: { guest: boolean; host: boolean; self: boolean } | null;
}

const SELF_ONLY = { guest: false, host: false, self: true };

/**
 * Each operation's reference page, transcribed; `null` for an operation no page documents. The one
 * per-operation map of the tests: an operation added to the spec without its entry here is a type
 * error that names it.
 */
const REFERENCE_PAGES = {
  listGuestConnections: { method: "GET", path: "/guest-connections", statuses: ["200", "401", "403", "422"], permissions: null },
  listHostConnections: { method: "GET", path: "/host-connections", statuses: ["200", "401", "403", "422"], permissions: null },
  listGuestInvitations: { method: "GET", path: "/guest-invitations", statuses: ["200", "401", "403", "422"], permissions: SELF_ONLY },
  getGuestConnection: { method: "GET", path: "/guest-connections/{guest_org_id}", statuses: ["200", "401", "403", "404", "422"], permissions: SELF_ONLY },
  patchGuestConnection: { method: "PATCH", path: "/guest-connections/{guest_org_id}", statuses: ["200", "401", "403", "404", "422"], permissions: null },
} satisfies Record<OperationId, ReferencePage | null>;

const documented = (Object.entries(REFERENCE_PAGES) as [OperationId, ReferencePage | null][]).filter(
  (entry): entry is [OperationId, ReferencePage] => entry[1] !== null,
);

describe("seed conformance: operations", () => {
  it.each(documented)("%s is as its reference page documents it, with bearer JWT security and both organization headers", (operationId, page) => {
    const op = operation(operationId);
    expect([op.method, op.path]).toEqual([page.method, page.path]);
    const raw = spec.paths[page.path]?.[page.method.toLowerCase() as "get"] as { security?: unknown; "x-permissions"?: unknown } | undefined;
    expect(raw?.security).toEqual([{ bearerAuth: [] }]);
    for (const name of ORG_HEADERS) {
      const header = parameter(operationId, name);
      expect([header.in, header.required, header.flat["type"], header.flat["format"]]).toEqual(["header", true, "string", "uuid"]);
    }
    expect(Object.keys(op.responses).sort()).toEqual([...page.statuses].sort());
    expect(raw?.["x-permissions"] ?? null).toEqual(page.permissions);
  });

  it("documents the server and a JWT bearer scheme", () => {
    const document = spec as unknown as { servers: { url: string }[]; components: { securitySchemes: Record<string, Schema> } };
    expect(document.servers.map((s) => s.url)).toEqual(["https://api.mycreditapp.ai/v1-beta"]);
    expect(document.components.securitySchemes["bearerAuth"]).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
  });

  it("takes guest_org_id as a required UUID path parameter", () => {
    for (const operationId of ["getGuestConnection", "patchGuestConnection"]) {
      const p = parameter(operationId, "guest_org_id");
      expect([p.in, p.required, p.flat["type"], p.flat["format"]]).toEqual(["path", true, "string", "uuid"]);
    }
  });
});

describe("seed conformance: query parameters", () => {
  it.each(QUERY)("%s %s", (operationId, name, required, type, values, defaultValue, extra) => {
    const p = parameter(operationId, name);
    expect(p.in).toBe("query");
    expect(p.required ?? false).toBe(required);
    expect(p.flat["type"]).toBe(type);
    expect(p.flat["default"]).toEqual(defaultValue);
    const valueSchema = type === "array" ? (p.flat["items"] as Schema) : p.flat;
    expect(valueSchema["enum"] ?? null).toEqual(values);
    for (const [key, value] of Object.entries(extra)) {
      expect(key === "nullable" ? p.flat.nullable : p.flat[key], `${key} of ${name}`).toEqual(value);
    }
    if (type === "array") expect([p.style ?? "form", p.explode ?? true]).toEqual(["form", true]);
  });

  // The pages document these as `T | null`; a query string cannot carry a null, so the contract
  // drops it and says why in a note (absent already means "no filter").
  it.each(QUERY.filter(([, name]) => ["search_text", "archived", "email_search", "expired"].includes(name)))(
    "%s %s explains in a note why the documented null is not on the wire",
    (operationId, name) => {
      const description = parameter(operationId, name).description ?? "";
      expect(description).toMatch(/Note: the reference documents this parameter as `(string|boolean) \| null`/);
    },
  );

  it("explains in a note why listHostConnections requires a status the page does not require", () => {
    expect(parameter("listHostConnections", "statuses").description).toMatch(/Note: .*documents no minimum array length/s);
  });

  it.each(QUERY_EXAMPLES)("%s %s has the documented examples", (operationId, name, examples) => {
    expect(parameter(operationId, name).flat["examples"]).toEqual(examples);
  });

  it("lists no undocumented query parameter", () => {
    for (const [operationId] of documented) {
      const transcribed = QUERY.filter(([id]) => id === operationId)
        .map(([, name]) => name)
        .sort();
      const actual = (parametersOf(operationId) as Parameter[])
        .filter((p) => p.in === "query")
        .map((p) => p.name)
        .sort();
      expect(actual).toEqual(transcribed);
    }
  });
});

describe("seed conformance: GuestConnection", () => {
  const schema = spec.components.schemas["GuestConnection"] as { required: string[]; properties: Record<string, Schema> };

  it.each(GUEST_CONNECTION)("%s", (field, required, type, format, nullable, extra) => {
    const property = schema.properties[field];
    expect(property, field).toBeDefined();
    expect(schema.required.includes(field)).toBe(required);
    const flat = flatten(property as Schema);
    expect(flat.nullable).toBe(nullable);
    if (type === "timestamp") {
      expect(isTimestamp((property?.["anyOf"] as Schema[] | undefined)?.[0] ?? (property as Schema))).toBe(true);
      return;
    }
    expect(flat["type"]).toBe(type);
    expect(flat["format"]).toBe(format);
    for (const [key, value] of Object.entries(extra)) expect(flat[key], `${key} of ${field}`).toEqual(value);
  });

  it("has exactly the documented fields", () => {
    expect(Object.keys(schema.properties).sort()).toEqual(GUEST_CONNECTION.map(([field]) => field).sort());
  });

  it("accepts timestamps with and without a UTC offset, and rejects other strings", () => {
    const base = {
      host_organization_id: "d290f1ee-6c54-4b01-90e6-d701748f0851",
      guest_organization_id: "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77",
      status: "connected",
      guest_name: "A",
      guest_email: "a@b.co",
      owner_email: "o@b.co",
      archived: false,
    };
    const withTime = (value: string) => ({ ...base, created_at: value, updated_at: "2025-12-12T10:30:00" });
    expect(responseErrors("getGuestConnection", 200, withTime("2025-12-12T10:30:00.123456"))).toEqual([]);
    expect(responseErrors("getGuestConnection", 200, withTime("2023-11-07T05:31:56Z"))).toEqual([]);
    expect(responseErrors("getGuestConnection", 200, withTime("2023-11-07T05:31:56+02:00"))).toEqual([]);
    expect(responseErrors("getGuestConnection", 200, withTime("2025-12-12 10:30"))).not.toEqual([]);
    expect(responseErrors("getGuestConnection", 200, withTime("yesterday"))).not.toEqual([]);
    expect(responseErrors("getGuestConnection", 200, withTime("2025-13-40T25:61:00.5"))).not.toEqual([]);
    expect(responseErrors("getGuestConnection", 200, withTime("2025-12-12T10:30:00.1234567"))).not.toEqual([]);
  });
});

describe("seed conformance: pages and other objects", () => {
  it.each([
    ["GuestConnectionPage", "GuestConnection"],
    ["HostConnectionPage", "HostConnection"],
    ["GuestInvitationPage", "GuestInvitation"],
  ])("%s requires items of %s and a non-negative integer total_items", (page, item) => {
    const schema = spec.components.schemas[page] as { required: string[]; properties: Record<string, Schema> };
    expect(schema.required.sort()).toEqual(["items", "total_items"]);
    expect(schema.properties["items"]).toMatchObject({ type: "array", items: { $ref: `#/components/schemas/${item}` } });
    expect(schema.properties["total_items"]).toMatchObject({ type: "integer", minimum: 0 });
  });

  it.each([
    [
      "HostConnection",
      [
        "host_organization_id",
        "guest_organization_id",
        "host_name",
        "host_email",
        "owner_email",
        "status",
        "archived",
        "created_at",
        "updated_at",
        "archived_at",
        "active_action_type",
        "active_action_updated_at",
      ],
    ],
    [
      "GuestInvitation",
      [
        "id",
        "host_organization_id",
        "email",
        "first_invitation_sent_at",
        "last_invitation_sent_at",
        "expired_at",
        "expired",
        "status",
        "invitation_token",
        "archived",
        "created_at",
        "updated_at",
        "accepted_at",
        "archived_at",
        "parent_organization_id",
        "parent_organization_name",
      ],
    ],
  ])("%s has exactly the fields of the reference's example, in order", (name, fields) => {
    const schema = spec.components.schemas[name] as { properties: Record<string, Schema> };
    expect(Object.keys(schema.properties)).toEqual(fields);
  });

  it("takes a PATCH body with a required boolean archived", () => {
    const body = spec.components.schemas["GuestConnectionPatch"] as { required: string[]; properties: Record<string, Schema> };
    expect(body.required).toEqual(["archived"]);
    expect(body.properties["archived"]).toMatchObject({ type: "boolean" });
  });

  it("models every error item as loc, msg and type, with optional code (absent on FastAPI's validation items), input and ctx", () => {
    const detail = spec.components.schemas["ErrorDetail"] as { required: string[]; properties: Record<string, Schema> };
    expect(detail.required.sort()).toEqual(["loc", "msg", "type"]);
    expect(Object.keys(detail.properties).sort()).toEqual(["code", "ctx", "input", "loc", "msg", "type"]);
  });
});
