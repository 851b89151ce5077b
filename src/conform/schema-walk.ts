/**
 * Every schema of an OpenAPI document, for the rules that rewrite one dialect's spelling into
 * another's (fastapi-dialect.ts): the schemas of components, parameters, bodies, responses and
 * headers, and every subschema inside them. A rule's rewrite replaces the schema in its place, and
 * the walk goes on into what the rule returned. `$ref`s are not followed: each component is
 * visited once, where it is written. The document was checked for depth before (read-document.ts).
 */
import type { OpenApiDocument } from "../spec/openapi-document.ts";

export type Schema = Record<string, unknown>;

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Keywords whose value is one subschema. */
const ONE = ["items", "not", "if", "then", "else", "contains", "propertyNames", "additionalProperties", "unevaluatedProperties", "unevaluatedItems"];
/** Keywords whose value is a list of subschemas. */
const LIST = ["allOf", "anyOf", "oneOf", "prefixItems"];
/** Keywords whose value maps names to subschemas. */
const MAP = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/** Returns the rewritten schema, or `undefined` to keep it as it is. */
export type SchemaRewrite = (schema: Schema) => Schema | undefined;

/** Rewrites the schema at `holder[key]` and everything under it; returns how many schemas were rewritten. */
function walk(holder: Record<string, unknown> | unknown[], key: string | number, rewrite: SchemaRewrite): number {
  const value = (holder as Record<string | number, unknown>)[key];
  if (!isObject(value)) return 0;
  const next = rewrite(value);
  let count = 0;
  if (next !== undefined) {
    (holder as Record<string | number, unknown>)[key] = next;
    count++;
  }
  const schema = (next ?? value) as Schema;
  for (const keyword of ONE) if (isObject(schema[keyword])) count += walk(schema, keyword, rewrite);
  for (const keyword of LIST) {
    const list = schema[keyword];
    if (Array.isArray(list)) list.forEach((_, index) => (count += walk(list, index, rewrite)));
  }
  for (const keyword of MAP) {
    const map = schema[keyword];
    if (isObject(map)) for (const name of Object.keys(map)) count += walk(map, name, rewrite);
  }
  return count;
}

/** The media types of a body or a response: each one's `schema`. */
function walkContent(holder: unknown, rewrite: SchemaRewrite): number {
  if (!isObject(holder) || !isObject(holder["content"])) return 0;
  let count = 0;
  for (const media of Object.values(holder["content"])) if (isObject(media)) count += walk(media, "schema", rewrite);
  return count;
}

function walkResponse(response: unknown, rewrite: SchemaRewrite): number {
  let count = walkContent(response, rewrite);
  if (isObject(response) && isObject(response["headers"]))
    for (const header of Object.values(response["headers"])) if (isObject(header)) count += walk(header, "schema", rewrite);
  return count;
}

/** Each parameter object written in the document (in path items, operations and components), references not followed. */
export function parameterObjects(document: OpenApiDocument): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const take = (list: unknown) => {
    if (Array.isArray(list)) for (const item of list) if (isObject(item) && item["$ref"] === undefined) found.push(item);
  };
  for (const item of Object.values(document.paths ?? {})) {
    if (!isObject(item)) continue;
    take(item["parameters"]);
    for (const operation of Object.values(item)) if (isObject(operation)) take(operation["parameters"]);
  }
  const components = document.components ?? {};
  if (isObject(components["parameters"])) take(Object.values(components["parameters"]));
  return found;
}

/** Applies `rewrite` to every schema of the document; returns how many it rewrote. */
export function rewriteSchemas(document: OpenApiDocument, rewrite: SchemaRewrite): number {
  let count = 0;
  for (const parameter of parameterObjects(document)) count += walk(parameter, "schema", rewrite);
  for (const item of Object.values(document.paths ?? {})) {
    if (!isObject(item)) continue;
    for (const operation of Object.values(item)) {
      if (!isObject(operation)) continue;
      count += walkContent(operation["requestBody"], rewrite);
      if (isObject(operation["responses"])) for (const response of Object.values(operation["responses"])) count += walkResponse(response, rewrite);
    }
  }
  const components = (document.components ?? {}) as Record<string, unknown>;
  if (isObject(components["schemas"])) for (const name of Object.keys(components["schemas"])) count += walk(components["schemas"], name, rewrite);
  if (isObject(components["requestBodies"])) for (const body of Object.values(components["requestBodies"])) count += walkContent(body, rewrite);
  if (isObject(components["responses"])) for (const response of Object.values(components["responses"])) count += walkResponse(response, rewrite);
  if (isObject(components["headers"]))
    for (const header of Object.values(components["headers"])) if (isObject(header)) count += walk(header, "schema", rewrite);
  return count;
}
