/**
 * The normalisation rules of `conform`: each rewrites how FastAPI and Pydantic spell something into
 * the contract's spelling of the same wire (or the contract's into a form both can share), so that
 * what is left to compare is what a consumer would feel. Every rule is named, says why, states
 * which document it rewrites and in which dialect, and has its own test (test/conform/dialect.test.ts).
 *
 * Dialects, as FastAPI writes them (see docs/backend-ci.md):
 * - `fastapi-pydantic1`: FastAPI < 0.100 with Pydantic 1, OpenAPI 3.0.x. `Optional[X]` fields are
 *   written as `X` with no null at all, an enum with a default or description as
 *   `allOf: [{$ref}]` beside the siblings, 3.0's boolean `exclusiveMinimum`.
 * - `fastapi-pydantic2`: FastAPI >= 0.100 with Pydantic 2, OpenAPI 3.1.x. `Optional[X]` is
 *   `anyOf: [X, {type: "null"}]`; a model used for input and output may be two schemas,
 *   `Name-Input` and `Name-Output`.
 * Both write generated `title`s, `HTTPValidationError` for the 422 body, `HTTPBearer` as the
 * scheme's name, `format: email` for `EmailStr`, `format: date-time` for naive datetimes, and
 * leave undeclared the statuses raised with `HTTPException`.
 */
import { pointerTarget, type OpenApiDocument } from "../spec/openapi-document.ts";
import { routeOf } from "../spec/spec-diff.ts";
import { specOperations, type SpecOperation } from "../spec/spec-operations.ts";
import { isObject, parameterObjects, rewriteSchemas, type Schema } from "./schema-walk.ts";

export type Dialect = "fastapi-pydantic1" | "fastapi-pydantic2";

/** The dialect of a server's document: OpenAPI 3.0 is what FastAPI wrote before Pydantic 2, 3.1 after. */
export const dialectOf = (document: OpenApiDocument): Dialect => (document.openapi.startsWith("3.0") ? "fastapi-pydantic1" : "fastapi-pydantic2");

export interface NormalisationRule {
  name: string;
  /** The document the rule rewrites. */
  rewrites: "server" | "contract" | "both";
  /** The server dialects it applies in; all when absent. */
  dialects?: Dialect[];
  /** Why the two spellings mean the same wire, in one sentence. */
  why: string;
  /** Rewrites `documents[side]` in place; returns how many places it rewrote. */
  apply(documents: Documents, side: "contract" | "server"): number;
}

export interface Documents {
  contract: OpenApiDocument;
  server: OpenApiDocument;
}

/** Whether a schema accepts null: a `null` type, a `{type: "null"}` alternative, 3.0's `nullable`, or `const: null`. */
export function acceptsNull(schema: Schema): boolean {
  const types = ([] as unknown[]).concat(schema["type"] ?? []);
  if (types.includes("null") || schema["nullable"] === true || schema["const"] === null) return true;
  return ((schema["anyOf"] as unknown[] | undefined) ?? []).some((branch) => isObject(branch) && acceptsNull(branch));
}

/** `{type: "null"}` alone: the null alternative of an `anyOf`. */
const isNullBranch = (branch: unknown): boolean => isObject(branch) && branch["type"] === "null" && Object.keys(branch).length === 1;

/** The schema without its null: `type` lists, `{type: "null"}` alternatives and `nullable` taken out. */
function withoutNull(schema: Schema): Schema | undefined {
  if (!acceptsNull(schema)) return undefined;
  const { nullable: _nullable, ...rest } = schema;
  if (Array.isArray(rest["type"])) {
    const types = (rest["type"] as unknown[]).filter((type) => type !== "null");
    rest["type"] = types.length === 1 ? types[0] : types;
  }
  const branches = rest["anyOf"] as unknown[] | undefined;
  if (!Array.isArray(branches)) return rest;
  const kept = branches.filter((branch) => !isNullBranch(branch));
  if (kept.length !== 1) return { ...rest, anyOf: kept };
  // `anyOf: [X, null]` without its null is X itself, with the keywords beside the `anyOf`.
  const { anyOf: _anyOf, ...siblings } = rest;
  return { ...(kept[0] as Schema), ...siblings };
}

/** The operations of both documents that are one operation: the same method on the same route (parameter names aside). */
export function pairedOperations(documents: Documents): [contract: SpecOperation, server: SpecOperation][] {
  const key = (entry: SpecOperation) => `${entry.method} ${routeOf(entry.template)}`;
  const server = new Map(specOperations(documents.server, { anonymous: true }).map((entry) => [key(entry), entry]));
  return specOperations(documents.contract, { anonymous: true }).flatMap((entry) => {
    const match = server.get(key(entry));
    return match ? [[entry, match] as [SpecOperation, SpecOperation]] : [];
  });
}

type Responses = Record<string, unknown>;

/** The responses of each operation both documents have (the contract's, the server's), for the rules that judge statuses. */
const pairedResponses = (documents: Documents): [contract: Responses, server: Responses][] =>
  pairedOperations(documents).map(([contract, server]) => [(contract.operation.responses ?? {}) as Responses, (server.operation.responses ?? {}) as Responses]);

/** A schema after following local references (without keeping siblings). */
function resolved(document: OpenApiDocument, node: unknown, hops = 0): Schema | undefined {
  if (!isObject(node)) return undefined;
  const ref = node["$ref"];
  if (typeof ref !== "string" || hops > 16) return node;
  return resolved(document, pointerTarget(document, ref.slice(1)), hops + 1);
}

/** FastAPI's 422 body: `{detail: [{loc, msg, type, …}]}` (its `HTTPValidationError` of `ValidationError` items), by shape rather than name. */
function isValidationErrorBody(document: OpenApiDocument, schema: unknown): boolean {
  const body = resolved(document, schema);
  const property = resolved(document, (body?.["properties"] as Schema | undefined)?.["detail"]);
  // Read before or after a dialect rule made the optional `detail` nullable.
  const detail = property && (withoutNull(property) ?? property);
  const item = resolved(document, detail?.["items"]);
  const fields = item?.["properties"];
  return detail?.["type"] === "array" && isObject(fields) && ["loc", "msg", "type"].every((name) => name in fields);
}

/** The JSON schema of a response of an operation, following a `$ref`ed response. */
const jsonSchemaOf = (document: OpenApiDocument, response: unknown): unknown =>
  ((resolved(document, response)?.["content"] as Schema | undefined)?.["application/json"] as Schema | undefined)?.["schema"];

const isErrorStatus = (status: string): boolean => /^[45](?:\d\d|XX)$/i.test(status) || status === "default";

/** The path of the contract's first server URL (`/v1-beta`), without a trailing slash. */
export function basePath(document: OpenApiDocument): string {
  const url = document.servers?.[0]?.url;
  if (!url) return "";
  try {
    return new URL(url, "http://server.invalid").pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

/** The name of the document's HTTP bearer scheme, when it has one. */
function bearerSchemeName(document: OpenApiDocument): string | undefined {
  const schemes = (document.components?.["securitySchemes"] ?? {}) as Record<string, unknown>;
  return Object.keys(schemes).find((name) => {
    const scheme = schemes[name];
    return isObject(scheme) && scheme["type"] === "http" && String(scheme["scheme"]).toLowerCase() === "bearer";
  });
}

/** Every security requirement list of the document: the document's own and each operation's. */
function securityLists(document: OpenApiDocument): Record<string, unknown>[][] {
  const lists: Record<string, unknown>[][] = [];
  const take = (value: unknown) => Array.isArray(value) && lists.push(value.filter(isObject));
  take((document as { security?: unknown }).security);
  for (const item of Object.values(document.paths)) for (const operation of Object.values(item)) if (isObject(operation)) take(operation["security"]);
  return lists;
}

/** A string schema that matches the offset-less timestamps FastAPI sends (`2025-12-12T10:30:00.123456`). */
function isNaiveTimestamp(schema: unknown): boolean {
  if (!isObject(schema) || schema["type"] !== "string" || typeof schema["pattern"] !== "string") return false;
  try {
    const pattern = new RegExp(schema["pattern"], "u");
    return pattern.test("2025-12-12T10:30:00.123456") && pattern.test("2025-09-24T01:43:54");
  } catch {
    return false;
  }
}

export const NORMALISATION_RULES: readonly NormalisationRule[] = [
  {
    name: "server-base-path",
    rewrites: "server",
    why: "FastAPI mounted under the contract's base path (`/v1-beta`) may write its paths with the prefix; the contract's paths are relative to its server URL, which already holds it.",
    apply({ contract, server }) {
      const prefix = basePath(contract);
      const paths = Object.keys(server.paths);
      if (prefix === "" || paths.length === 0 || !paths.every((path) => path.startsWith(`${prefix}/`))) return 0;
      server.paths = Object.fromEntries(Object.entries(server.paths).map(([path, item]) => [path.slice(prefix.length), item]));
      return paths.length;
    },
  },
  {
    name: "servers",
    rewrites: "both",
    why: "Where the API is deployed (`servers`, FastAPI's `root_path`) is not part of what a request or an answer looks like.",
    apply(documents, side) {
      const document = documents[side];
      if (document.servers === undefined) return 0;
      delete document.servers;
      return 1;
    },
  },
  {
    name: "operation-ids",
    rewrites: "server",
    why: "FastAPI makes operationIds from function names (`list_guest_connections_guest_connections_get`); operations are paired by method and path, and reported by the contract's id.",
    apply(documents) {
      let count = 0;
      for (const [contract, server] of pairedOperations(documents)) {
        if (contract.operation.operationId === undefined || server.operation.operationId === contract.operation.operationId) continue;
        server.operation.operationId = contract.operation.operationId;
        count++;
      }
      return count;
    },
  },
  {
    name: "security-scheme-name",
    rewrites: "server",
    why: "FastAPI names its bearer scheme after the class (`HTTPBearer`); what a request must carry is the scheme (HTTP bearer), not its name.",
    apply({ contract, server }) {
      const wanted = bearerSchemeName(contract);
      const found = bearerSchemeName(server);
      if (!wanted || !found || wanted === found) return 0;
      const schemes = server.components?.["securitySchemes"] as Record<string, unknown>;
      schemes[wanted] = schemes[found];
      delete schemes[found];
      let count = 1;
      for (const list of securityLists(server))
        for (const requirement of list)
          if (found in requirement) {
            requirement[wanted] = requirement[found];
            delete requirement[found];
            count++;
          }
      return count;
    },
  },
  {
    name: "permissions-not-in-openapi",
    rewrites: "contract",
    why: "The contract's `x-permissions` (which of Self, Host and Guest an operation allows) is enforced by the server's code; FastAPI's document has no way to say it, and `verify` checks it on the wire.",
    apply({ contract }) {
      let count = 0;
      for (const item of Object.values(contract.paths))
        for (const operation of Object.values(item))
          if (isObject(operation) && "x-permissions" in operation) {
            delete operation["x-permissions"];
            count++;
          }
      return count;
    },
  },
  {
    name: "validation-error-body",
    rewrites: "both",
    why: "FastAPI documents its 422 body as `HTTPValidationError` (a list of `loc`, `msg`, `type`), the shape the contract's error body already accepts; where the server's 422 has that shape, the two bodies are not compared.",
    apply(documents) {
      let count = 0;
      for (const [contractResponses, serverResponses] of pairedResponses(documents)) {
        if (!("422" in serverResponses) || !("422" in contractResponses)) continue;
        if (!isValidationErrorBody(documents.server, jsonSchemaOf(documents.server, serverResponses["422"]))) continue;
        serverResponses["422"] = { description: "Validation Error" };
        contractResponses["422"] = { description: "Validation Error" };
        count++;
      }
      return count;
    },
  },
  {
    name: "undeclared-error-statuses",
    rewrites: "contract",
    why: "FastAPI declares only the 200 and the 422 of an operation: the 401, 403 and 404 it raises with `HTTPException` are absent unless a route lists them in `responses=`, so an error status the server's document leaves out is not drift (`verify` checks them on the wire).",
    apply(documents) {
      let count = 0;
      for (const [responses, declared] of pairedResponses(documents)) {
        for (const status of Object.keys(responses))
          if (isErrorStatus(status) && !(status in declared)) {
            delete responses[status];
            count++;
          }
      }
      return count;
    },
  },
  {
    name: "openapi-3.0-nullable",
    rewrites: "server",
    dialects: ["fastapi-pydantic1"],
    why: "OpenAPI 3.0 writes a nullable value as `nullable: true`; 3.1, like the contract, as a null alternative.",
    apply({ server }) {
      return rewriteSchemas(server, (schema) => {
        if (!("nullable" in schema)) return undefined;
        const { nullable, ...rest } = schema;
        return nullable === true ? { anyOf: [rest, { type: "null" }] } : rest;
      });
    },
  },
  {
    name: "openapi-3.0-exclusive-bounds",
    rewrites: "server",
    dialects: ["fastapi-pydantic1"],
    why: "OpenAPI 3.0 writes an exclusive bound as `exclusiveMinimum: true` beside `minimum`; 3.1 as the bound's own value.",
    apply({ server }) {
      return rewriteSchemas(server, (schema) => {
        let changed: Schema | undefined;
        for (const [flag, bound] of [
          ["exclusiveMinimum", "minimum"],
          ["exclusiveMaximum", "maximum"],
        ] as const) {
          if (typeof (changed ?? schema)[flag] !== "boolean") continue;
          const { [flag]: exclusive, [bound]: value, ...rest } = changed ?? schema;
          changed = exclusive === true && value !== undefined ? { ...rest, [flag]: value } : { ...rest, ...(value !== undefined && { [bound]: value }) };
        }
        return changed;
      });
    },
  },
  {
    name: "pydantic1-enum-allof",
    rewrites: "server",
    dialects: ["fastapi-pydantic1"],
    why: "OpenAPI 3.0 allows no keywords beside a `$ref`, so Pydantic 1 wraps a referenced enum with a default or description in `allOf: [{$ref}]`; 3.1 writes the `$ref` with its siblings.",
    apply({ server }) {
      return rewriteSchemas(server, (schema) => {
        const branches = schema["allOf"];
        if (!Array.isArray(branches) || branches.length !== 1 || !isObject(branches[0]) || typeof branches[0]["$ref"] !== "string") return undefined;
        const { allOf: _allOf, ...siblings } = schema;
        return { ...siblings, $ref: branches[0]["$ref"] };
      });
    },
  },
  {
    name: "pydantic1-optional-may-be-null",
    rewrites: "server",
    dialects: ["fastapi-pydantic1"],
    why: "Pydantic 1 writes `Optional[X] = None` as `X`, not required, with no null: such a field is sent as null when it has no value, so a property that is not required and has no other default accepts null.",
    apply({ server }) {
      return rewriteSchemas(server, (schema) => {
        const properties = schema["properties"];
        if (!isObject(properties)) return undefined;
        const required = new Set((schema["required"] as unknown[] | undefined) ?? []);
        let changed = false;
        const next = Object.fromEntries(
          Object.entries(properties).map(([name, property]) => {
            if (required.has(name) || !isObject(property) || acceptsNull(property) || (property["default"] ?? null) !== null) return [name, property];
            changed = true;
            return [name, { anyOf: [property, { type: "null" }] }];
          }),
        );
        return changed ? { ...schema, properties: next } : undefined;
      });
    },
  },
  {
    name: "parameter-null-is-absence",
    rewrites: "both",
    why: "A query string or header cannot carry null: an optional parameter documented as `X | null` (the reference pages, Pydantic 2's `anyOf`) is absent when it has no value, so parameters are compared without their null.",
    apply(documents, side) {
      let count = 0;
      for (const parameter of parameterObjects(documents[side])) {
        const schema = parameter["schema"];
        const plain = isObject(schema) ? withoutNull(schema) : undefined;
        if (plain === undefined) continue;
        parameter["schema"] = plain;
        count++;
      }
      return count;
    },
  },
  {
    name: "email-format",
    rewrites: "both",
    why: "FastAPI writes Pydantic's `EmailStr` as `format: email`, which accepts the internationalised addresses the contract declares as `idn-email`.",
    apply(documents, side) {
      return rewriteSchemas(documents[side], (schema) => (schema["format"] === "email" ? { ...schema, format: "idn-email" } : undefined));
    },
  },
  {
    name: "naive-timestamp",
    rewrites: "contract",
    why: "The contract's timestamps accept RFC 3339 `date-time` or the offset-less form a naive datetime is sent in; FastAPI writes a `datetime` as `format: date-time` and sends naive values without an offset: the same values.",
    apply({ contract }) {
      return rewriteSchemas(contract, (schema) => {
        const branches = schema["anyOf"];
        if (!Array.isArray(branches) || branches.length !== 2) return undefined;
        const dateTime = branches.find((branch) => isObject(branch) && branch["type"] === "string" && branch["format"] === "date-time");
        const naive = branches.find(isNaiveTimestamp);
        if (!dateTime || !naive) return undefined;
        const { anyOf: _anyOf, ...siblings } = schema;
        return { ...siblings, type: "string", format: "date-time" };
      });
    },
  },
];

/** The rules that apply to a server document of this dialect, in order. */
export const rulesFor = (dialect: Dialect): NormalisationRule[] => NORMALISATION_RULES.filter((rule) => !rule.dialects || rule.dialects.includes(dialect));

export interface Normalised extends Documents {
  dialect: Dialect;
  /** Each rule that changed something, with how many places it rewrote. */
  applied: { rule: string; count: number }[];
  /** The prefix `server-base-path` took off the server's paths (`/v1-beta`), to put back into its pointers; empty when none. */
  serverPathPrefix: string;
}

/**
 * Both documents in one spelling: copies of them with every rule of the server's dialect applied
 * (the rules that rewrite the contract to the contract's copy, the others to the server's), or
 * with `rules` alone.
 */
export function normalise(contract: OpenApiDocument, server: OpenApiDocument, rules?: readonly NormalisationRule[]): Normalised {
  const documents: Documents = { contract: structuredClone(contract), server: structuredClone(server) };
  const dialect = dialectOf(server);
  const applied: { rule: string; count: number }[] = [];
  for (const rule of rules ?? rulesFor(dialect)) {
    const sides = rule.rewrites === "both" ? (["contract", "server"] as const) : ([rule.rewrites] as const);
    const count = sides.reduce((total, side) => total + rule.apply(documents, side), 0);
    if (count > 0) applied.push({ rule: rule.name, count });
  }
  const serverPathPrefix = applied.some((entry) => entry.rule === "server-base-path") ? basePath(contract) : "";
  return { ...documents, dialect, applied, serverPathPrefix };
}
