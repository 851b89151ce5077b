/**
 * The differ on small documents written for each class of change: what it must survive
 * (recursive schemas, deep nesting, no `paths`), what it must judge (response headers, `allOf`,
 * `const`, 3.0's `nullable`, `$ref`-named alternatives, bodies without content, `x-extensible-enum`,
 * `if`/`then`/`else`, `prefixItems`, `contains`, `unevaluated*`, webhooks), and the verdicts it
 * shares with oasdiff or keeps on purpose (each with its reason beside its rule in spec-diff.ts).
 */
import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/spec/openapi-document.ts";
import { diffSpecs, type Change } from "../../src/spec/spec-diff.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures reach anywhere in a document
type Json = Record<string, any>;

/** A document with one `POST /items` operation taking `body` and answering 200 with `response` (and `headers`). */
function document(parts: { body?: Json; response?: Json; headers?: Json; components?: Json; parameters?: Json[]; extra?: Json } = {}): Json {
  return {
    openapi: "3.1.0",
    info: { title: "fixture", version: "1" },
    paths: {
      "/items": {
        post: {
          operationId: "createItem",
          ...(parts.parameters && { parameters: parts.parameters }),
          ...(parts.body && { requestBody: { required: true, content: { "application/json": { schema: parts.body } } } }),
          responses: {
            "200": {
              description: "ok",
              ...(parts.headers && { headers: parts.headers }),
              content: { "application/json": { schema: parts.response ?? { type: "object" } } },
            },
            "400": { description: "bad" },
            default: { description: "error" },
          },
          ...parts.extra,
        },
      },
    },
    ...(parts.components && { components: { schemas: parts.components } }),
  };
}

const diff = (base: Json, head: Json): Change[] => diffSpecs(base as OpenApiDocument, head as OpenApiDocument);
const verdicts = (base: Json, head: Json): string[] =>
  diff(base, head)
    .filter((change) => change.kind !== "documentation")
    .map((change) => `${change.kind} ${change.rule}`);

describe("the differ survives", () => {
  const tree = (valueType: string): Json => ({
    Node: { type: "object", properties: { value: { type: valueType }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } } },
    Unused: { type: "object", properties: { self: { $ref: "#/components/schemas/Unused" } } },
  });

  it("a recursive schema, used or not, and finds a change inside it once", () => {
    const base = document({ response: { $ref: "#/components/schemas/Node" }, components: tree("string") });
    expect(diff(base, structuredClone(base))).toEqual([]);
    const head = document({ response: { $ref: "#/components/schemas/Node" }, components: tree("integer") });
    expect(verdicts(base, head)).toEqual(["breaking response-type-changed"]);
  });

  it("inline nesting far deeper than 27 levels", () => {
    const nested = (depth: number, leaf: Json): Json => (depth === 0 ? leaf : { type: "object", properties: { next: nested(depth - 1, leaf) } });
    const base = document({ body: nested(200, { type: "string" }) });
    const head = document({ body: nested(200, { type: "string", maxLength: 3 }) });
    expect(verdicts(base, head)).toEqual(["breaking request-maxLength-added"]);
  });

  it("a document without paths", () => {
    const base: Json = { openapi: "3.1.0", info: { title: "hooks", version: "1" }, webhooks: {} };
    expect(diff(base, structuredClone(base))).toEqual([]);
  });
});

describe("the differ judges", () => {
  it.each<[string, Json, Json, string[]]>([
    ["a response header removed", { "X-Rate": { schema: { type: "integer" } } }, {}, ["breaking response-header-removed"]],
    [
      "a required response header made optional",
      { "X-Rate": { required: true, schema: { type: "integer" } } },
      { "X-Rate": { schema: { type: "integer" } } },
      ["breaking response-header-became-optional"],
    ],
    [
      "a response header's type changed",
      { "X-Rate": { schema: { type: "integer" } } },
      { "X-Rate": { schema: { type: "string" } } },
      ["breaking response-type-changed"],
    ],
    [
      "a response header made nullable",
      { "X-Rate": { schema: { type: "integer" } } },
      { "X-Rate": { schema: { type: ["integer", "null"] } } },
      ["breaking response-became-nullable"],
    ],
    ["a response header added", {}, { "X-Rate": { schema: { type: "integer" } } }, ["non-breaking response-header-added"]],
  ])("%s", (_what, before, after, expected) => {
    expect(verdicts(document({ headers: before }), document({ headers: after }))).toEqual(expected);
  });

  it("allOf: a required property removed through a branch, and a branch added that requires one", () => {
    const components = (bProperties: Json, bRequired: string[]) => ({
      A: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
      B: { type: "object", required: bRequired, properties: bProperties },
    });
    const response = { allOf: [{ $ref: "#/components/schemas/A" }, { $ref: "#/components/schemas/B" }] };
    const base = document({ response, components: components({ name: { type: "string" } }, ["name"]) });
    expect(verdicts(base, document({ response, components: components({}, []) }))).toEqual(["breaking response-field-removed"]);
    const body = (branches: Json[]) => document({ body: { allOf: branches } });
    const grown = body([
      { type: "object", properties: { id: { type: "string" } } },
      { type: "object", required: ["tag"], properties: { tag: { type: "string" } } },
    ]);
    expect(verdicts(body([{ type: "object", properties: { id: { type: "string" } } }]), grown)).toEqual(["breaking request-required-field-added"]);
    // The same constraints spelled with and without allOf are no change.
    const flat = document({ body: { type: "object", properties: { id: { type: "string" } } } });
    expect(verdicts(flat, body([{ type: "object" }, { properties: { id: { type: "string" } } }]))).toEqual([]);
  });

  it("const changed, in a request and in a response", () => {
    expect(verdicts(document({ body: { const: "v1" } }), document({ body: { const: "v2" } }))).toEqual(["breaking request-const-changed"]);
    expect(verdicts(document({ response: { const: "v1" } }), document({ response: { const: "v2" } }))).toEqual(["breaking response-const-changed"]);
  });

  it("OpenAPI 3.0's nullable", () => {
    const property = (extra: Json) => document({ response: { type: "object", properties: { note: { type: "string", ...extra } } } });
    expect(verdicts(property({}), property({ nullable: true }))).toEqual(["breaking response-became-nullable"]);
    expect(verdicts(property({ nullable: true }), property({}))).toEqual(["non-breaking response-nullable-removed"]);
  });

  it("an alternative removed when two alternatives have the same shape under different names", () => {
    const components = { Cat: { type: "object", properties: { name: { type: "string" } } }, Dog: { type: "object", properties: { name: { type: "string" } } } };
    const base = document({ body: { anyOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }] }, components });
    const head = document({ body: { anyOf: [{ $ref: "#/components/schemas/Cat" }] }, components });
    expect(verdicts(base, head)).toEqual(["breaking request-anyOf-alternative-removed"]);
  });

  it("a request body without content, added as required or made required", () => {
    const withBody = (requestBody: Json | undefined) => {
      const made = document();
      if (requestBody) made["paths"]["/items"]["post"]["requestBody"] = requestBody;
      return made;
    };
    expect(verdicts(withBody(undefined), withBody({ required: true }))).toEqual(["breaking request-body-added"]);
    expect(verdicts(withBody({ required: false }), withBody({ required: true }))).toEqual(["breaking request-body-became-required"]);
  });

  it("x-extensible-enum values removed from a request, and added to a response", () => {
    expect(
      verdicts(document({ body: { type: "string", "x-extensible-enum": ["a", "b"] } }), document({ body: { type: "string", "x-extensible-enum": ["a"] } })),
    ).toEqual(["breaking request-enum-value-removed"]);
    expect(
      verdicts(
        document({ response: { type: "string", "x-extensible-enum": ["a"] } }),
        document({ response: { type: "string", "x-extensible-enum": ["a", "b"] } }),
      ),
    ).toEqual(["non-breaking response-enum-value-added"]);
  });

  it("changes inside if/then/else, prefixItems, contains and unevaluated*", () => {
    const conditional = (then: Json, condition: Json = { properties: { kind: { const: "a" } } }) => document({ body: { type: "object", if: condition, then } });
    expect(verdicts(conditional({ required: [] }), conditional({ required: ["x"] }))).toEqual(["breaking request-field-became-required"]);
    expect(verdicts(conditional({}), conditional({}, { properties: { kind: { const: "b" } } }))).toEqual(["breaking request-if-changed"]);
    const tuple = (items: Json[]) => document({ body: { type: "array", prefixItems: items } });
    expect(verdicts(tuple([{ type: "string" }]), tuple([{ type: "string" }, { type: "integer" }]))).toEqual(["breaking request-prefixItems-added"]);
    expect(verdicts(tuple([{ type: "string" }]), tuple([{ type: "integer" }]))).toEqual(["breaking request-type-changed"]);
    expect(verdicts(document({ body: { type: "array" } }), document({ body: { type: "array", contains: { type: "string" } } }))).toEqual([
      "breaking request-contains-added",
    ]);
    expect(verdicts(document({ body: { type: "object" } }), document({ body: { type: "object", unevaluatedProperties: false } }))).toEqual([
      "breaking request-unevaluatedProperties-closed",
    ]);
    expect(verdicts(document({ body: { type: "array" } }), document({ body: { type: "array", unevaluatedItems: false } }))).toEqual([
      "breaking request-unevaluatedItems-closed",
    ]);
  });

  it("webhooks: one removed, and its body judged as a response (the API sends it)", () => {
    const hooks = (payload: Json | undefined): Json => ({
      openapi: "3.1.0",
      info: { title: "hooks", version: "1" },
      webhooks: payload
        ? { itemCreated: { post: { requestBody: { content: { "application/json": { schema: payload } } }, responses: { "200": { description: "ok" } } } } }
        : {},
    });
    const payload = { type: "object", required: ["id"], properties: { id: { type: "string" }, note: { type: "string" } } };
    expect(verdicts(hooks(payload), hooks(undefined))).toEqual(["breaking webhook-removed"]);
    expect(verdicts(hooks(payload), hooks({ ...payload, properties: { id: { type: "string" } } }))).toEqual(["breaking response-field-removed"]);
    expect(verdicts(hooks(payload), hooks({ ...payload, properties: { ...payload.properties, extra: { type: "string" } } }))).toEqual([
      "non-breaking response-field-added",
    ]);
  });
});

describe("the verdicts it shares with oasdiff", () => {
  it("a removal after its x-sunset date breaks no one", () => {
    const base = document({ extra: { deprecated: true, "x-sunset": "2020-01-01" } });
    const head: Json = { ...structuredClone(base), paths: {} };
    expect(verdicts(base, head)).toEqual(["non-breaking operation-removed-after-sunset"]);
    const parameter = { name: "legacy", in: "query", deprecated: true, "x-sunset": "2020-01-01", schema: { type: "string" } };
    expect(verdicts(document({ parameters: [parameter] }), document({ parameters: [] }))).toEqual(["non-breaking parameter-removed-after-sunset"]);
    const notYet = document({ extra: { deprecated: true, "x-sunset": "2999-01-01" } });
    expect(verdicts(notYet, { ...structuredClone(notYet), paths: {} })).toEqual(["breaking operation-removed"]);
  });

  it("explode written two equivalent ways on a single value is no change", () => {
    const limit = (extra: Json) => document({ parameters: [{ name: "limit", in: "query", schema: { type: "integer" }, ...extra }] });
    expect(verdicts(limit({}), limit({ explode: false }))).toEqual([]);
    expect(verdicts(limit({ style: "form", explode: true }), limit({}))).toEqual([]);
    const tags = (extra: Json) => document({ parameters: [{ name: "tags", in: "query", schema: { type: "array", items: { type: "string" } }, ...extra }] });
    expect(verdicts(tags({}), tags({ explode: false }))).toEqual(["breaking parameter-serialization-changed"]);
  });

  it("a pattern removed or widened to .* breaks no one", () => {
    const code = (pattern: string | undefined, where: "body" | "response") =>
      document({ [where]: { type: "string", ...(pattern !== undefined && { pattern }) } });
    for (const where of ["body", "response"] as const) {
      expect(verdicts(code("^[A-Z]{3}$", where), code(undefined, where))).toEqual([
        `non-breaking ${where === "body" ? "request" : "response"}-pattern-removed`,
      ]);
      expect(verdicts(code("^[A-Z]{3}$", where), code(".*", where))).toEqual([`non-breaking ${where === "body" ? "request" : "response"}-pattern-removed`]);
    }
    expect(verdicts(code(undefined, "body"), code("^[A-Z]{3}$", "body"))).toEqual(["breaking request-pattern-added"]);
  });

  it("a 400 or default response removed breaks no one; a success status removed does", () => {
    const base = document();
    const head = structuredClone(base);
    delete head["paths"]["/items"]["post"]["responses"]["400"];
    delete head["paths"]["/items"]["post"]["responses"]["default"];
    expect(verdicts(base, head)).toEqual(["non-breaking response-error-status-removed", "non-breaking response-error-status-removed"]);
    delete head["paths"]["/items"]["post"]["responses"]["200"];
    expect(verdicts(base, head)).toContain("breaking response-status-removed");
  });

  it("JSON added beside text/plain breaks no one", () => {
    const base = document();
    base["paths"]["/items"]["post"]["requestBody"] = { required: true, content: { "text/plain": { schema: { type: "string" } } } };
    const head = structuredClone(base);
    head["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"] = { schema: { type: "object" } };
    expect(verdicts(base, head)).toEqual(["non-breaking request-media-type-added"]);
  });
});

/** A document with `GET` on each template, every path parameter a string unless `types` says otherwise. */
function itemPaths(templates: string[], types: Record<string, string> = {}): Json {
  const paths: Json = {};
  for (const template of templates) {
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
    paths[template] = {
      get: {
        operationId: `get${Object.keys(paths).length}`,
        parameters: names.map((name) => ({ name, in: "path", required: true, schema: { type: types[name] ?? "string" } })),
        responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } },
      },
    };
  }
  return { openapi: "3.1.0", info: { title: "fixture", version: "1" }, paths };
}

describe("paths paired as oasdiff pairs them, parameter names left out", () => {
  it("a renamed path parameter is that one change, not an operation removed and another added", () => {
    const changes = diff(itemPaths(["/items/{id}"]), itemPaths(["/items/{item_id}"])).filter((change) => change.kind !== "documentation");
    expect(changes.map((change) => `${change.kind} ${change.rule} ${change.location}`)).toEqual([
      "breaking path-parameter-renamed GET /items/{item_id} path id",
    ]);
  });

  it("still judges the renamed parameter's schema, and the rest of the operation", () => {
    expect(verdicts(itemPaths(["/items/{id}/parts/{part}"]), itemPaths(["/items/{item_id}/parts/{part}"], { item_id: "integer", part: "integer" }))).toEqual([
      "breaking path-parameter-renamed",
      "breaking request-type-changed",
      "breaking request-type-changed",
    ]);
  });

  it("keeps the names where one document has two templates of one route", () => {
    const both = itemPaths(["/items/{id}", "/items/{key}"]);
    expect(verdicts(both, structuredClone(both))).toEqual([]);
    expect(verdicts(both, itemPaths(["/items/{id}"]))).toContain("breaking operation-removed");
  });
});

describe("the verdicts it keeps, with the reason beside the rule", () => {
  it("a changed default stays breaking: a caller that leaves the input out gets another behaviour", () => {
    const order = (value: string) => document({ parameters: [{ name: "order", in: "query", schema: { type: "string", default: value } }] });
    expect(verdicts(order("asc"), order("desc"))).toEqual(["breaking request-default-changed"]);
  });

  it("security added stays breaking: every caller without the credentials now fails", () => {
    const base = document();
    const head = structuredClone(base);
    head["paths"]["/items"]["post"]["security"] = [{ bearer: [] }];
    expect(verdicts(base, head)).toEqual(["breaking security-added"]);
  });
});
