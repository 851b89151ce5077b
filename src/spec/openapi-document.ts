/**
 * The slice of an OpenAPI 3.1 document that the request validator reads, and `$ref` resolution
 * inside one bundled document (every `$ref` of a Redocly bundle is local: `#/components/...`).
 */

export type JsonSchema = Record<string, unknown>;

export interface ParameterObject {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema?: JsonSchema;
}

export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  /** The authorization scenarios the operation allows, where the reference publishes a table. */
  "x-permissions"?: { guest?: boolean; host?: boolean; self?: boolean };
  parameters?: (ParameterObject | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> } | { $ref: string };
  responses?: Record<string, { content?: Record<string, unknown>; description?: string }>;
}

export type PathItemObject = Partial<Record<PathItemMethod, OperationObject>> & {
  parameters?: (ParameterObject | { $ref: string })[];
};

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  tags?: { name: string; description?: string }[];
  servers?: { url: string; description?: string }[];
  paths: Record<string, PathItemObject>;
  /** OpenAPI 3.1: requests the API sends, by name. */
  webhooks?: Record<string, PathItemObject>;
  components?: Record<string, Record<string, unknown>>;
}

/** A path item's operation keys, in the spec's lower case (the operation table's `HttpMethod` is the upper-case wire form). */
export type PathItemMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
export const PATH_ITEM_METHODS: readonly PathItemMethod[] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The node a JSON Pointer (`/components/schemas/Timestamp`, RFC 6901) names in a document; `undefined` when it names none. */
export function pointerTarget(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), document);
}

/** Follows a local `$ref` (`#/components/parameters/Limit`) until it reaches a non-reference. */
export function resolveRef<T>(document: OpenApiDocument, value: T | { $ref: string }): T {
  let current: unknown = value;
  for (let hops = 0; isRef(current); hops++) {
    if (hops > 32) throw new Error(`Reference cycle at ${current.$ref}`);
    const pointer = current.$ref;
    if (!pointer.startsWith("#/")) throw new Error(`Only local references are supported, got ${pointer}`);
    current = pointerTarget(document, pointer.slice(1));
    if (current === undefined) throw new Error(`Unresolved reference ${pointer}`);
  }
  return current as T;
}

/**
 * A copy of `value` with every `$ref` object replaced by what `replace` makes of its reference:
 * the one way the package rewrites the references of a schema (into a constant's name, an Ajv id,
 * another document's pointer, or the schema it names). Following a single reference is
 * {@link resolveRef}'s. Keywords beside a `$ref` (a `default`, say) are kept beside the
 * replacement when it is a plain object; beside anything else they cannot stand, and are refused.
 */
export function mapRefs(value: unknown, replace: (ref: string) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => mapRefs(item, replace));
  if (!value || typeof value !== "object") return value;
  if (isRef(value)) {
    const { $ref, ...siblings } = value as { $ref: string } & Record<string, unknown>;
    const replaced = replace($ref);
    if (Object.keys(siblings).length === 0) return replaced;
    if (replaced && typeof replaced === "object" && Object.getPrototypeOf(replaced) === Object.prototype)
      return { ...(replaced as object), ...(mapRefs(siblings, replace) as object) };
    throw new Error(`A $ref with sibling keywords is not supported here: ${JSON.stringify(value)}`);
  }
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, mapRefs(child, replace)]));
}

function isRef(value: unknown): value is { $ref: string } {
  return typeof value === "object" && value !== null && typeof (value as { $ref?: unknown }).$ref === "string";
}
