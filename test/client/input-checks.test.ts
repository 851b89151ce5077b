/**
 * The client's input checks: each broken constraint gives a RequestValidationError naming the
 * parameter and nothing is sent. The checker reads generated/operations.js; a cross-check
 * against Ajv on the bundled spec's own parameter schemas proves the two agree on every boundary.
 */
import { describe, expect, it } from "vitest";
import { requestHeaderRules, requestRules } from "../../generated/operations.js";
import { ConfigurationError, createMyCreditAppClient, RequestValidationError, type ClientOptions, type ErrorDetail } from "../../src/index.ts";
import { checkValue } from "../../src/request-checks/check-value.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";
import { isValidBySpec, operations, parametersOf, spec } from "../support/spec.ts";

function offlineApi(options: Partial<ClientOptions> = {}) {
  const sent: Request[] = [];
  const api = createMyCreditAppClient({
    baseUrl: "http://127.0.0.1:9",
    token: "token",
    requesterOrganizationId: REQUESTER_ID,
    fetch: async (request) => {
      sent.push(request);
      return new Response("{}", { status: 500 });
    },
    ...options,
  });
  return { api, sent };
}

async function issuesOf(call: Promise<unknown>): Promise<ErrorDetail[]> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof RequestValidationError)) throw new Error(`expected a RequestValidationError, got ${String(error)}`);
  return [...error.issues];
}

const valid = { statuses: ["connected"], limit: 10, offset: 0 } as const;

describe("input checks before anything is sent", () => {
  const cases: [string, (api: ReturnType<typeof offlineApi>["api"]) => Promise<unknown>, (string | number)[], string][] = [
    ["limit above 100", (api) => api.listGuestConnections({ ...valid, limit: 101 }), ["query", "limit"], "less_than_equal"],
    ["a negative offset", (api) => api.listHostConnections({ ...valid, offset: -1 }), ["query", "offset"], "greater_than_equal"],
    ["empty statuses", (api) => api.listGuestInvitations({ ...valid, statuses: [] as unknown as ["sent"] }), ["query", "statuses"], "too_short"],
    // The page documents no minimum here, but an empty required array cannot be sent as repeated keys.
    ["empty host statuses", (api) => api.listHostConnections({ ...valid, statuses: [] as unknown as ["connected"] }), ["query", "statuses"], "too_short"],
    ["a malformed guest_org_id", (api) => api.getGuestConnection("not-a-uuid"), ["path", "guest_org_id"], "uuid_parsing"],
    [
      "a malformed target organization",
      (api) => api.listGuestConnections(valid, { targetOrganizationId: "42" }),
      ["header", "Target-Organization-ID"],
      "uuid_parsing",
    ],
    ["an empty search_text", (api) => api.listGuestConnections({ ...valid, search_text: "" }), ["query", "search_text"], "string_too_short"],
    [
      "a 256-character email_search",
      (api) => api.listGuestInvitations({ statuses: ["sent"], limit: 1, offset: 0, email_search: "a".repeat(256) }),
      ["query", "email_search"],
      "string_too_long",
    ],
    ["an unknown status", (api) => api.listGuestConnections({ ...valid, statuses: ["paused" as "connected"] }), ["query", "statuses", 0], "enum"],
    ["a fractional limit", (api) => api.listGuestConnections({ ...valid, limit: 2.5 }), ["query", "limit"], "int_from_float"],
    ["a missing limit", (api) => api.listGuestConnections({ statuses: ["connected"], offset: 0 } as unknown as typeof valid), ["query", "limit"], "missing"],
    ["a misspelt parameter", (api) => api.listGuestConnections({ ...valid, ...({ order: "asc" } as object) }), ["query", "order"], "extra_forbidden"],
    [
      "a PATCH body of the wrong type",
      (api) => api.patchGuestConnection(GUEST_ORG_ID, { archived: "yes" as unknown as boolean }),
      ["body", "archived"],
      "bool_parsing",
    ],
    [
      "a misspelt constructor key (not taken from the prototype)",
      (api) => api.listGuestConnections({ ...valid, ...({ constructor: "x" } as object) }),
      ["query", "constructor"],
      "extra_forbidden",
    ],
    ["a PATCH body without archived", (api) => api.patchGuestConnection(GUEST_ORG_ID, {} as { archived: boolean }), ["body", "archived"], "missing"],
  ];

  it.each(cases)("rejects %s, naming the parameter", async (_name, call, loc, type) => {
    const { api, sent } = offlineApi();
    const issues = await issuesOf(call(api));
    expect(issues.map((issue) => [issue.loc, issue.type])).toEqual([[loc, type]]);
    expect(sent).toHaveLength(0);
  });

  it("reports every invalid input at once, and says which in the message", async () => {
    const { api } = offlineApi();
    const error = await api.listGuestConnections({ statuses: [] as unknown as ["connected"], limit: 500, offset: -5 }).catch((caught: unknown) => caught);
    expect((error as RequestValidationError).issues.map((issue) => issue.loc.join("."))).toEqual(["query.statuses", "query.limit", "query.offset"]);
    expect((error as Error).message).toBe(
      "listGuestConnections: invalid input, nothing was sent: query.statuses: List should have at least 1 item after validation, not 0 (got []); " +
        "query.limit: Input should be less than or equal to 100 (got 500); query.offset: Input should be greater than or equal to 0 (got -5)",
    );
  });

  it("can be switched off, and then sends what it is given", async () => {
    const { api, sent } = offlineApi({ validateRequests: false, retry: false });
    await api.listGuestConnections({ ...valid, limit: 101 }).catch(() => undefined);
    expect(new URL(sent[0]?.url ?? "").searchParams.get("limit")).toBe("101");
  });

  it("can be switched off for one call, and then sends that call as it is given", async () => {
    const { api, sent } = offlineApi({ retry: false });
    await api.listGuestConnections({ ...valid, limit: 101 }, { validateRequests: false }).catch(() => undefined);
    expect(new URL(sent[0]?.url ?? "").searchParams.get("limit")).toBe("101");
    // The client's own setting stays on for the next call.
    const refused = await api.listGuestConnections({ ...valid, limit: 101 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RequestValidationError);
    expect(sent).toHaveLength(1);
  });

  it("checks the client's own options when it is created", () => {
    const base = { token: "token", requesterOrganizationId: REQUESTER_ID };
    const invalid: [string, Partial<ClientOptions>][] = [
      ["requesterOrganizationId", { requesterOrganizationId: "me" }],
      ["token", { token: "" }],
      ["token", { token: "two words" }],
      ["timeoutMs", { timeoutMs: -1 }],
      ["retry.limit", { retry: { limit: 1.5 } }],
      ["retry.statuses", { retry: { statuses: ["503" as unknown as number] } }],
    ];
    for (const [name, options] of invalid) {
      expect(() => createMyCreditAppClient({ ...base, ...options }), name).toThrow(ConfigurationError);
      expect(() => createMyCreditAppClient({ ...base, ...options }), name).toThrow(`options.${name}`);
    }
  });

  it("checks the paginator's page size: at least 1, at most the spec's maximum", async () => {
    const { api, sent } = offlineApi();
    for (const limit of [0, 101]) {
      const walk = api.paginate.listGuestConnections({ statuses: ["connected"], limit });
      const issues = await issuesOf(walk.next());
      expect(issues.map((issue) => issue.loc)).toEqual([["query", "limit"]]);
    }
    expect(sent).toHaveLength(0);
  });
});

/** Values around every constraint a schema of the spec declares, plus values of every type. */
function candidates(schema: Record<string, unknown>): unknown[] {
  const resolved = (schema["$ref"] ? resolveComponent(String(schema["$ref"])) : schema) as Record<string, unknown>;
  const values: unknown[] = [
    null,
    true,
    false,
    0,
    -1,
    1,
    2.5,
    "",
    "x",
    "7",
    "true",
    [],
    {},
    GUEST_ORG_ID,
    GUEST_ORG_ID.toUpperCase(),
    "not-a-uuid",
    `${GUEST_ORG_ID}0`,
  ];
  for (const key of ["minimum", "maximum"]) {
    const bound = resolved[key];
    if (typeof bound === "number") values.push(bound - 1, bound, bound + 1, bound + 0.5);
  }
  for (const key of ["minLength", "maxLength"]) {
    const bound = resolved[key];
    if (typeof bound === "number") values.push(...[bound - 1, bound, bound + 1].filter((n) => n >= 0).map((n) => "😀".repeat(n)));
  }
  const enumValues = resolved["enum"];
  if (Array.isArray(enumValues)) values.push(...enumValues, `${String(enumValues[0])}x`);
  const items = resolved["items"] as Record<string, unknown> | undefined;
  if (items) {
    const itemValues = candidates(items);
    values.push(...itemValues.map((item) => [item]), itemValues.slice(0, 3));
  }
  return values;
}

function resolveComponent(ref: string): unknown {
  return ref
    .split("/")
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], spec);
}

describe("the checker agrees with JSON Schema (Ajv) on the spec's own constraints", () => {
  for (const { operationId } of operations) {
    const rules = requestRules[operationId as keyof typeof requestRules];
    it.each(parametersOf(operationId).map((p) => [`${p.in} ${p.name}`, p] as const))(`${operationId}: %s`, (_label, parameter) => {
      const locationSchema = parameter.in === "header" ? requestHeaderRules[operationId as keyof typeof requestRules] : rules.parameters[parameter.in];
      const schema = locationSchema?.properties?.[parameter.name];
      if (!schema) throw new Error(`the operation table has no ${parameter.in} parameter ${parameter.name}`);
      const disagreements = candidates(parameter.schema).filter((value) => {
        const issues: ErrorDetail[] = [];
        checkValue(schema, value, [parameter.in, parameter.name], issues);
        return (issues.length === 0) !== isValidBySpec(parameter.schema, value);
      });
      expect(disagreements).toEqual([]);
    });
  }

  it("patchGuestConnection: body", () => {
    const body = rules("patchGuestConnection").body;
    const specSchema = { $ref: "#/components/schemas/GuestConnectionPatch" };
    const values = [
      { archived: true },
      { archived: false },
      {},
      { archived: "true" },
      { archived: null },
      { archived: 1 },
      [],
      null,
      "x",
      { archived: true, extra: 1 },
    ];
    const disagreements = values.filter((value) => {
      const issues: ErrorDetail[] = [];
      if (body) checkValue(body.schema, value, ["body"], issues);
      return (issues.length === 0) !== isValidBySpec(specSchema, value);
    });
    expect(body?.required).toBe(true);
    expect(disagreements).toEqual([]);
  });
});

function rules(operationId: keyof typeof requestRules) {
  return requestRules[operationId];
}
