/**
 * fast-check arbitraries of requests, built from the spec's own request rules: valid requests
 * (any mix of optional parameters, every enum value, boundary values) and invalid ones (one
 * documented constraint broken at a time, wrong types, missing required inputs, malformed UUIDs,
 * oversized strings, unknown enum values, garbage PATCH bodies). Each invalid case says which
 * input it broke, as the `loc` the API must name.
 */
import fc from "fast-check";
import { requestHeaderRules, requestRules, type RuleSchema } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "./client.ts";

export interface GeneratedRequest {
  operationId: OperationId;
  /** Path parameters, header values and query values as the caller means them (before serialization). */
  path: Record<string, string>;
  header: Record<string, string>;
  query: Record<string, unknown>;
  /** A JSON body, or `{ text }` for a body that is not JSON at all. */
  body?: { json: unknown } | { text: string };
  /** For an invalid request: where the broken input is, as the API's `loc` starts. */
  broken?: (string | number)[];
}

const types = (schema: RuleSchema): string[] => ([] as string[]).concat(schema.type ?? []);
/** Characters that stress encoding and code-point counting: URL delimiters, accents, astral, CJK. */
const character = fc.constantFrom("a", "Z", "0", " ", "é", "中", "😀", "&", "=", "%", "+", "/", "?", "#");
const text = (minLength: number, maxLength: number) => fc.string({ unit: character, minLength, maxLength });

/** Any value a schema accepts (never `null`: a query cannot carry one, absence is the null). */
function validValue(schema: RuleSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum.filter((value) => value !== null));
  const kinds = types(schema);
  if (kinds.includes("array")) {
    // An empty array cannot be sent as repeated keys: on the wire it is an absent parameter.
    return fc.array(validValue(schema.items ?? {}), { minLength: Math.max(1, schema.minItems ?? 0), maxLength: 4 });
  }
  if (kinds.includes("integer")) {
    const min = schema.minimum ?? -1_000;
    const max = schema.maximum ?? 1_000_000;
    return fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max }));
  }
  if (kinds.includes("boolean")) return fc.boolean();
  if (kinds.includes("object")) return validParameters(schema);
  if (schema.format === "uuid") return fc.uuid();
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 300;
  return fc.oneof(text(min, min), text(max, max), text(min, Math.min(max, 40)));
}

/** Ways to break a value of `schema`, each still a value a caller could pass. */
function brokenValues(schema: RuleSchema): fc.Arbitrary<unknown>[] {
  const kinds = types(schema);
  const found: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) found.push(fc.stringMatching(/^[a-z_]{1,12}$/).filter((value) => !schema.enum?.includes(value)));
  if (kinds.includes("array") && schema.items) found.push(...brokenValues(schema.items).map((item) => item.map((value) => [value])));
  if (kinds.includes("integer")) {
    if (schema.maximum !== undefined) found.push(fc.integer({ min: schema.maximum + 1, max: schema.maximum + 10_000 }));
    if (schema.minimum !== undefined) found.push(fc.integer({ min: schema.minimum - 10_000, max: schema.minimum - 1 }));
    found.push(fc.constantFrom("ten", "1.5", "1e3", ""), fc.double({ min: 0.1, max: 99.9, noInteger: true }));
  }
  if (kinds.includes("boolean")) found.push(fc.constantFrom("maybe", "2", "yes please"));
  if (schema.format === "uuid") found.push(fc.constantFrom("not-a-uuid", "123", "c9b1f0d18d3f4cfa91b89f9b0c5e2a7", "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a7z"));
  if (schema.maxLength !== undefined) found.push(text(schema.maxLength + 1, schema.maxLength + 30));
  if ((schema.minLength ?? 0) > 0) found.push(fc.constant(""));
  return found;
}

/** The simplest value a schema accepts: the first enum value, the smallest size, a fixed UUID. */
export function simplestValue(schema: RuleSchema): unknown {
  if (schema.enum) return schema.enum.find((value) => value !== null);
  const kinds = types(schema);
  if (kinds.includes("array")) return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => simplestValue(schema.items ?? {}));
  if (kinds.includes("object")) return simplestObject(schema);
  if (kinds.includes("integer") || kinds.includes("number")) return Math.min(Math.max(10, schema.minimum ?? 10), schema.maximum ?? 10);
  if (kinds.includes("boolean")) return true;
  if (schema.format === "uuid") return GUEST_ORG_ID;
  return "a".repeat(Math.max(1, schema.minLength ?? 1));
}

/** An object with only the required properties of the schema, each its simplest value. */
function simplestObject(schema: RuleSchema | undefined): Record<string, unknown> {
  return Object.fromEntries((schema?.required ?? []).map((name) => [name, simplestValue(schema?.properties?.[name] ?? {})]));
}

/** The simplest valid request of an operation: required inputs only, each its simplest value, as Self. */
export function simplestRequest(operationId: OperationId): GeneratedRequest {
  const rules = requestRules[operationId];
  return {
    operationId,
    path: simplestObject(rules.parameters.path) as Record<string, string>,
    header: { ...selfHeader },
    query: simplestObject(rules.parameters.query),
    ...(rules.body && { body: { json: simplestValue(rules.body.schema) } }),
  };
}

function validParameters(schema: RuleSchema | undefined): fc.Arbitrary<Record<string, unknown>> {
  if (!schema?.properties) return fc.constant({});
  const record = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, validValue(property)]));
  return fc.record(record, { requiredKeys: [...(schema.required ?? [])] }) as fc.Arbitrary<Record<string, unknown>>;
}

const selfHeader = { "Requester-Organization-ID": REQUESTER_ID, "Target-Organization-ID": REQUESTER_ID };

export function validRequest(operationId: OperationId): fc.Arbitrary<GeneratedRequest> {
  const rules = requestRules[operationId];
  return fc
    .record({
      path: validParameters(rules.parameters.path) as fc.Arbitrary<Record<string, string>>,
      query: validParameters(rules.parameters.query),
      body: rules.body ? validValue(rules.body.schema) : fc.constant(undefined),
    })
    .map(({ path, query, body }) => ({
      operationId,
      path,
      header: { ...selfHeader },
      query,
      ...(rules.body && { body: { json: body } }),
    }));
}

/** A body that breaks its schema: not an object, a required property missing or of the wrong kind, or not JSON at all. */
function garbageBody(schema: RuleSchema): fc.Arbitrary<{ json: unknown } | { text: string }> {
  const valid = simplestObject(schema);
  const broken: fc.Arbitrary<unknown>[] = [fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.boolean(), { maxLength: 3 }))];
  if ((schema.required ?? []).length > 0) broken.push(fc.constant({}));
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const wrongKinds = fc
      .constantFrom<unknown>("yes", 1.5, null, [true], { nested: true })
      .filter((value) => !types(property).some((kind) => kindOf(value) === kind));
    broken.push(wrongKinds.map((value) => ({ ...valid, [name]: value })));
  }
  return fc.oneof(
    fc.oneof(...broken).map((json) => ({ json })),
    fc.constantFrom("{", "key=value", "{'single': true}", "[true").map((text) => ({ text })),
  );
}

/** The JSON type of a value, as a schema names it. */
const kindOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value;

/** A valid request with exactly one input broken (or removed, when it is required). */
export function invalidRequest(operationId: OperationId): fc.Arbitrary<GeneratedRequest> {
  const rules = requestRules[operationId];
  const locations = { path: rules.parameters.path, query: rules.parameters.query, header: requestHeaderRules[operationId] };
  const breakers: fc.Arbitrary<(request: GeneratedRequest) => GeneratedRequest>[] = [];
  for (const [location, schema] of Object.entries(locations) as ["path" | "query" | "header", RuleSchema | undefined][]) {
    for (const [name, property] of Object.entries(schema?.properties ?? {})) {
      for (const broken of brokenValues(property)) {
        breakers.push(broken.map((value) => (request) => ({ ...request, [location]: { ...request[location], [name]: value }, broken: [location, name] })));
      }
      if (schema?.required?.includes(name) && location !== "path") {
        breakers.push(
          fc.constant((request: GeneratedRequest) => {
            const { [name]: _removed, ...rest } = request[location];
            return { ...request, [location]: rest, broken: [location, name] };
          }),
        );
      }
    }
  }
  if (rules.body) breakers.push(garbageBody(rules.body.schema).map((body) => (request) => ({ ...request, body, broken: ["body"] })));
  return fc.tuple(validRequest(operationId), fc.oneof(...breakers)).map(([request, breakIt]) => breakIt(request));
}

/** The request on the wire: URL (arrays as repeated keys) and init, for any server. */
export function toFetch(baseUrl: string, template: string, request: GeneratedRequest, token: string | null = "conformance-token"): [string, RequestInit] {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(request.path[name] ?? "")));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const query = search.toString();
  const body = request.body === undefined ? undefined : "text" in request.body ? request.body.text : JSON.stringify(request.body.json);
  return [
    `${baseUrl}${path}${query ? `?${query}` : ""}`,
    {
      method: requestRules[request.operationId].method,
      headers: {
        ...(token !== null && { Authorization: `Bearer ${token}` }),
        ...request.header,
        ...(body !== undefined && { "Content-Type": "application/json" }),
      },
      ...(body !== undefined && { body }),
      signal: AbortSignal.timeout(10_000),
    },
  ];
}
