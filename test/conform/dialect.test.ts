/**
 * Each normalisation rule of `conform` (src/conform/fastapi-dialect.ts) on its own: a pair of
 * small documents, the contract's spelling and FastAPI's of the same wire, that the rule makes
 * one (no difference left but documentation), and, where the differ alone would see the spelling
 * as drift, the same pair judged without the rule showing it. Every rule is covered: a new rule
 * without a case here fails the last test.
 */
import { describe, expect, it } from "vitest";
import { conformDocuments } from "../../src/conform/conform.ts";
import { NORMALISATION_RULES, normalise, rulesFor, type Dialect } from "../../src/conform/fastapi-dialect.ts";
import type { OpenApiDocument } from "../../src/spec/openapi-document.ts";
import { diffSpecs } from "../../src/spec/spec-diff.ts";

type Json = Record<string, unknown>;

interface Parts {
  openapi?: string;
  parameters?: Json[];
  response?: Json;
  responses?: Json;
  schemas?: Json;
  security?: Json[];
  schemes?: Json;
  servers?: Json[];
  path?: string;
  operation?: Json;
}

/** A document with one operation, `GET /things` (or `path`), built from parts. */
function document(parts: Parts): OpenApiDocument {
  return {
    openapi: parts.openapi ?? "3.1.0",
    info: { title: "t", version: "1" },
    ...(parts.servers && { servers: parts.servers }),
    paths: {
      [parts.path ?? "/things"]: {
        get: {
          operationId: "listThings",
          ...(parts.parameters && { parameters: parts.parameters }),
          ...(parts.security && { security: parts.security }),
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: parts.response ?? { type: "object" } } } },
            ...parts.responses,
          },
          ...parts.operation,
        },
      },
    },
    components: { schemas: parts.schemas ?? {}, ...(parts.schemes && { securitySchemes: parts.schemes }) },
  } as unknown as OpenApiDocument;
}

/** The differences that are not documentation, after the rules given. */
function differences(contract: OpenApiDocument, server: OpenApiDocument, rules: Parameters<typeof normalise>[2]): string[] {
  const { contract: left, server: right } = normalise(contract, server, rules);
  return diffSpecs(left, right)
    .filter((change) => change.kind !== "documentation")
    .map((change) => `${change.rule} ${change.location}`);
}

interface Case {
  rule: string;
  contract: Parts;
  server: Parts;
  /** Whether the differ, without this rule, reports the pair as different. */
  visibleWithout: boolean;
}

const bearerContract: Parts = { security: [{ bearerAuth: [] }], schemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } };
const timestamp = {
  anyOf: [
    { type: "string", format: "date-time" },
    { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?$" },
  ],
};
const page = (properties: Json, required: string[]) => ({ type: "object", required, properties });
const validationBody = {
  type: "object",
  properties: {
    detail: {
      type: "array",
      items: { type: "object", required: ["loc", "msg", "type"], properties: { loc: { type: "array" }, msg: { type: "string" }, type: { type: "string" } } },
    },
  },
};

const CASES: Case[] = [
  {
    rule: "server-base-path",
    contract: { servers: [{ url: "https://api.example/v1-beta" }] },
    server: { path: "/v1-beta/things" },
    visibleWithout: true,
  },
  { rule: "servers", contract: { servers: [{ url: "https://api.example/v1-beta" }] }, server: { servers: [{ url: "/v1-beta" }] }, visibleWithout: true },
  {
    rule: "operation-ids",
    contract: {},
    server: { operation: { operationId: "list_things_things_get" } },
    // The differ does not judge operationIds: the rule only names findings by the contract's id.
    visibleWithout: false,
  },
  {
    rule: "security-scheme-name",
    contract: bearerContract,
    server: { security: [{ HTTPBearer: [] }], schemes: { HTTPBearer: { type: "http", scheme: "bearer" } } },
    visibleWithout: true,
  },
  {
    rule: "permissions-not-in-openapi",
    contract: { operation: { "x-permissions": { self: true, host: false, guest: false } } },
    server: {},
    visibleWithout: true,
  },
  {
    rule: "openapi-3.0-nullable",
    contract: { response: page({ note: { type: ["string", "null"] } }, ["note"]) },
    server: { openapi: "3.0.2", response: page({ note: { type: "string", nullable: true } }, ["note"]) },
    visibleWithout: false,
  },
  {
    rule: "openapi-3.0-exclusive-bounds",
    contract: { response: page({ score: { type: "number", exclusiveMinimum: 0 } }, ["score"]) },
    server: { openapi: "3.0.2", response: page({ score: { type: "number", minimum: 0, exclusiveMinimum: true } }, ["score"]) },
    visibleWithout: true,
  },
  {
    rule: "pydantic1-enum-allof",
    contract: {
      parameters: [{ name: "dir", in: "query", schema: { $ref: "#/components/schemas/Dir", default: "asc" } }],
      schemas: { Dir: { type: "string", enum: ["asc", "desc"] } },
    },
    server: {
      openapi: "3.0.2",
      parameters: [{ name: "dir", in: "query", required: false, schema: { allOf: [{ $ref: "#/components/schemas/OrderDir" }], default: "asc" } }],
      schemas: { OrderDir: { title: "OrderDir", type: "string", enum: ["asc", "desc"] } },
    },
    // The differ merges allOf itself; the rule writes the 3.1 form both documents share.
    visibleWithout: false,
  },
  {
    rule: "pydantic1-optional-may-be-null",
    contract: { response: page({ id: { type: "string" }, score: { type: ["number", "null"] } }, ["id"]) },
    server: { openapi: "3.0.2", response: page({ id: { type: "string" }, score: { title: "Score", type: "number" } }, ["id"]) },
    // Without it the server looks narrower (never null), which no consumer minds: no finding either way.
    visibleWithout: false,
  },
  {
    rule: "parameter-null-is-absence",
    contract: { parameters: [{ name: "q", in: "query", schema: { type: "string", minLength: 1 } }] },
    server: { parameters: [{ name: "q", in: "query", required: false, schema: { anyOf: [{ type: "string", minLength: 1 }, { type: "null" }], title: "Q" } }] },
    visibleWithout: true,
  },
  {
    rule: "email-format",
    contract: { response: page({ email: { type: "string", format: "idn-email" } }, ["email"]) },
    server: { response: page({ email: { type: "string", format: "email" } }, ["email"]) },
    visibleWithout: true,
  },
  {
    rule: "naive-timestamp",
    contract: { response: page({ at: timestamp }, ["at"]) },
    server: { response: page({ at: { type: "string", format: "date-time", title: "At" } }, ["at"]) },
    visibleWithout: true,
  },
  {
    rule: "validation-error-body",
    contract: {
      responses: {
        "422": {
          description: "invalid",
          content: { "application/json": { schema: { type: "object", properties: { detail: { anyOf: [{ type: "array" }, { type: "string" }] } } } } },
        },
      },
    },
    server: { responses: { "422": { description: "Validation Error", content: { "application/json": { schema: validationBody } } } } },
    visibleWithout: true,
  },
  {
    rule: "undeclared-error-statuses",
    contract: { responses: { "404": { description: "not found" } } },
    server: {},
    // An error status no longer documented breaks no caller in the differ's own verdict.
    visibleWithout: false,
  },
];

describe("conform's normalisation rules", () => {
  it.each(CASES)("$rule makes FastAPI's spelling and the contract's one", ({ rule, contract, server, visibleWithout }) => {
    const dialect: Dialect = server.openapi?.startsWith("3.0") ? "fastapi-pydantic1" : "fastapi-pydantic2";
    const all = rulesFor(dialect);
    expect(all.map((entry) => entry.name)).toContain(rule);
    const [contractDocument, serverDocument] = [document(contract), document(server)];
    const result = normalise(contractDocument, serverDocument);
    expect(result.applied.map((entry) => entry.rule)).toContain(rule);
    expect(differences(contractDocument, serverDocument, all)).toEqual([]);
    const without = differences(
      contractDocument,
      serverDocument,
      all.filter((entry) => entry.name !== rule),
    );
    if (visibleWithout) expect(without.length, `${rule} hides nothing`).toBeGreaterThan(0);
    // The documents given are never changed: the rules work on copies.
    expect(serverDocument).toEqual(document(server));
  });

  it("applies the 3.0 rules to a Pydantic 1 document only", () => {
    const pydantic2 = rulesFor("fastapi-pydantic2").map((rule) => rule.name);
    for (const name of ["openapi-3.0-nullable", "openapi-3.0-exclusive-bounds", "pydantic1-enum-allof", "pydantic1-optional-may-be-null"])
      expect(pydantic2).not.toContain(name);
  });

  it("keeps a real difference visible through every rule: a bound the server tightened", () => {
    const contract = document({ ...bearerContract, parameters: [{ name: "limit", in: "query", required: true, schema: { type: "integer", maximum: 100 } }] });
    const server = document({
      openapi: "3.0.2",
      security: [{ HTTPBearer: [] }],
      schemes: { HTTPBearer: { type: "http", scheme: "bearer" } },
      parameters: [{ name: "limit", in: "query", required: true, schema: { title: "Limit", type: "integer", maximum: 50.0 } }],
    });
    expect(differences(contract, server, undefined)).toEqual(["request-maximum-decreased GET /things query limit"]);
  });

  it("fails a server that no longer asks for the bearer token, saying so", () => {
    const result = conformDocuments(document(bearerContract), document({ security: [], schemes: {} }), { source: "open" });
    expect(result.findings.map((finding) => [finding.severity, finding.rule])).toEqual([["failure", "security-removed"]]);
    expect(result.findings[0]?.message).toMatch(/serves requests without the bearer token/);
  });

  it("has a case for every rule", () => {
    expect(CASES.map((entry) => entry.rule).sort()).toEqual(NORMALISATION_RULES.map((rule) => rule.name).sort());
  });
});
