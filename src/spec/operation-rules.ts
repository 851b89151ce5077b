/**
 * The request rules of a bundled spec: for every operation its method, path template, one object
 * schema per parameter location (path, query, header), its body schema, its query defaults and
 * whether its success body is a page envelope. Schemas are reduced to the keywords the request
 * checks implement (src/request-checks/check-value.ts); any other keyword or format stops with its
 * location, so no constraint is ever skipped silently.
 *
 * `npm run generate` writes these rules into generated/operations.js (component schemas kept as
 * shared constants); the mock server builds them at start-up for a spec it is given (`--spec`),
 * with every reference inlined.
 */
import type { OperationRules, RuleSchema } from "./operation-table.ts";
import { mapRefs, resolveRef, type JsonSchema, type OpenApiDocument } from "./openapi-document.ts";
import { reduceSchema, schemaRefName } from "./reduce-schema.ts";
import { isSuccessStatus, specOperations, type SpecOperation } from "./spec-operations.ts";

/** What the request checks implement; anything else stops the build of the rules. */
const SUPPORTED = new Set([
  "type",
  "enum",
  "format",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "items",
  "properties",
  "required",
  "additionalProperties",
]);
const SUPPORTED_FORMATS = new Set(["uuid"]);
const LOCATIONS = ["header", "path", "query"] as const;

export interface OperationRuleSet {
  entry: SpecOperation;
  /** Method, template, path and query schemas and body; component schemas as `$ref`s. */
  request: { method: string; template: string; parameters: Record<string, JsonSchema>; body?: { required: boolean; schema: JsonSchema } };
  /** The header parameters as one object schema, if the operation has any. */
  header: JsonSchema | undefined;
  /** The `default` of each query parameter that has one. */
  defaults: Record<string, unknown>;
  /** Whether the success body is a page envelope (`items`, `total_items`), walked by `offset` / `limit`. */
  page: boolean;
}

function checkFormats(schema: JsonSchema, where: string): void {
  const format = schema["format"];
  if (typeof format === "string" && !SUPPORTED_FORMATS.has(format)) {
    throw new Error(`${where}: format "${format}" is not implemented by the request checks`);
  }
  for (const value of Object.values(schema)) {
    if (value && typeof value === "object") {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === "object") checkFormats(child as JsonSchema, where);
      }
    }
  }
}

/** A schema reduced to what the request checks implement; `$ref`s kept. */
function reduceRequestSchema(schema: JsonSchema, where: string): JsonSchema {
  const reduced = reduceSchema(schema, { supported: SUPPORTED, openEnums: false }, where);
  checkFormats(reduced, where);
  return reduced;
}

/** The first 2xx response of an operation, references resolved. */
export function successResponse(
  spec: OpenApiDocument,
  entry: SpecOperation,
): [status: string, response: { description?: string; content?: Record<string, { schema?: JsonSchema }> }] {
  const found = Object.entries(entry.operation.responses ?? {}).find(([status]) => isSuccessStatus(status));
  if (!found) throw new Error(`${entry.operationId}: declares no 2xx response`);
  return [found[0], resolveRef(spec, found[1] as object)];
}

/**
 * A page envelope: an object whose `items` is an array and whose `total_items` is an integer.
 * Its operation is paginated by `offset`/`limit`, so it must have both query parameters.
 */
function isPage(spec: OpenApiDocument, entry: SpecOperation): boolean {
  const schema = successResponse(spec, entry)[1].content?.["application/json"]?.schema;
  if (!schema) return false;
  const properties = (resolveRef<JsonSchema>(spec, schema)["properties"] ?? {}) as Record<string, JsonSchema>;
  const items = properties["items"] && resolveRef<JsonSchema>(spec, properties["items"]);
  const total = properties["total_items"] && resolveRef<JsonSchema>(spec, properties["total_items"]);
  if (items?.["type"] !== "array" || total?.["type"] !== "integer") return false;
  for (const name of ["limit", "offset"]) {
    if (!entry.parameters.some((parameter) => parameter.in === "query" && parameter.name === name)) {
      throw new Error(`${entry.operationId}: its response is a page envelope (items, total_items) but it has no "${name}" query parameter to page with`);
    }
  }
  if (entry.operation.requestBody) throw new Error(`${entry.operationId}: a list with a request body cannot be walked page by page by the client`);
  return true;
}

/** The request rules of every operation of a bundled spec, in the spec's order. */
export function operationRuleSets(spec: OpenApiDocument): OperationRuleSet[] {
  return specOperations(spec).map((entry) => {
    const { operationId: id, operation, template, parameters } = entry;
    const byLocation: Record<string, JsonSchema> = {};
    const defaults: Record<string, unknown> = {};
    for (const parameter of parameters) {
      const fallback = parameter.schema?.["default"];
      if (parameter.in === "query" && fallback !== undefined) defaults[parameter.name] = fallback;
    }
    for (const location of LOCATIONS) {
      const own = parameters.filter((parameter) => parameter.in === location);
      if (own.length === 0) continue;
      byLocation[location] = {
        type: "object",
        required: own.filter((parameter) => parameter.required).map((parameter) => parameter.name),
        properties: Object.fromEntries(
          own.map((parameter) => [parameter.name, reduceRequestSchema(parameter.schema ?? {}, `${id} ${location} parameter ${parameter.name}`)]),
        ),
      };
    }
    const requestBody = operation.requestBody ? resolveRef(spec, operation.requestBody) : undefined;
    const bodySchema = requestBody?.content?.["application/json"]?.schema;
    const { header, ...pathAndQuery } = byLocation;
    return {
      entry,
      request: {
        method: entry.method.toUpperCase(),
        template,
        parameters: pathAndQuery,
        ...(bodySchema ? { body: { required: requestBody?.required === true, schema: reduceRequestSchema(bodySchema, `${id} body`) } } : {}),
      },
      header,
      defaults,
      page: isPage(spec, entry),
    };
  });
}

/** Every component schema a value refers to, reduced, keyed by name; each after the ones it refers to. */
export function referencedComponents(spec: OpenApiDocument, values: unknown[]): Map<string, JsonSchema> {
  const components = (spec.components?.["schemas"] ?? {}) as Record<string, JsonSchema>;
  const found = new Map<string, JsonSchema>();
  const visit = (schema: unknown): void => {
    if (!schema || typeof schema !== "object") return;
    const ref = (schema as { $ref?: unknown }).$ref;
    if (typeof ref === "string") {
      const name = schemaRefName(ref);
      if (found.has(name)) return;
      const component = components[name];
      if (!component) throw new Error(`Unresolved reference ${ref}`);
      const reduced = reduceRequestSchema(component, `components.schemas.${name}`);
      visit(reduced);
      found.set(name, reduced);
      return;
    }
    for (const value of Object.values(schema)) visit(value);
  };
  for (const value of values) visit(value);
  return found;
}

/**
 * What each operation can answer, for the mock's `Prefer` check: its statuses, each with the names
 * of its JSON examples, in the spec's order. `npm run generate` writes it for the package's own
 * spec (`responseScenarios` in generated/operations.js); the mock builds it for a spec it is given.
 */
export function responseScenarios(spec: OpenApiDocument, sets = operationRuleSets(spec)): Record<string, Record<string, string[]>> {
  return Object.fromEntries(
    sets.map(({ entry }) => [
      entry.operationId,
      Object.fromEntries(
        Object.entries(entry.operation.responses ?? {}).map(([status, response]) => [
          status,
          Object.keys(resolveRef<{ content?: Record<string, { examples?: object }> }>(spec, response as object).content?.["application/json"]?.examples ?? {}),
        ]),
      ),
    ]),
  );
}

/** The request rules of a spec as the request checks read them: every reference inlined. */
export function inlineRequestRules(spec: OpenApiDocument): {
  requestRules: Record<string, OperationRules>;
  requestHeaderRules: Record<string, RuleSchema>;
  pageOperations: string[];
  scenarios: Record<string, Record<string, string[]>>;
} {
  const sets = operationRuleSets(spec);
  const components = referencedComponents(
    spec,
    sets.flatMap((set) => [set.request, set.header]),
  );
  const inline = (value: unknown): unknown => mapRefs(value, (ref) => inline(components.get(schemaRefName(ref))));
  return {
    requestRules: Object.fromEntries(sets.map((set) => [set.entry.operationId, inline(set.request) as OperationRules])),
    requestHeaderRules: Object.fromEntries(sets.flatMap((set) => (set.header ? [[set.entry.operationId, inline(set.header) as RuleSchema]] : []))),
    pageOperations: sets.filter((set) => set.page).map((set) => set.entry.operationId),
    scenarios: responseScenarios(spec, sets),
  };
}
