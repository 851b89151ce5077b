/**
 * A rule-based differ for two bundles of this spec (OpenAPI 3.1). Every change is classified as
 * breaking, non-breaking or documentation-only, names the rule behind it and the operations it
 * touches. Requests and responses are judged in opposite directions: a request constraint that
 * narrows breaks callers that sent what used to be valid; a response constraint that widens
 * breaks callers that relied on the old bound.
 */
import { HTTP_METHODS, resolveRef, type OpenApiDocument } from "../../src/spec/openapi-document.ts";

export type ChangeKind = "breaking" | "non-breaking" | "documentation";

export interface Change {
  kind: ChangeKind;
  /** The rule that classified it (`request-maximum-decreased`). */
  rule: string;
  /** Where: `GET /guest-connections query limit`, `… response 200 /items/[]/guest_name`. */
  location: string;
  message: string;
  operations: string[];
}

type Schema = Record<string, unknown>;
type Direction = "request" | "response";

/** Keywords that only document: their changes never break anyone. */
const DOCUMENTATION = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "deprecated", "$comment"]);

/** The document with every reference inlined (keywords beside a `$ref` kept), through the shared resolver. */
function resolve(document: OpenApiDocument, value: unknown, depth = 0): unknown {
  if (depth > 64) throw new Error("Reference nesting deeper than 64");
  if (Array.isArray(value)) return value.map((item) => resolve(document, item, depth + 1));
  if (!value || typeof value !== "object") return value;
  const { $ref, ...siblings } = value as Record<string, unknown>;
  if (typeof $ref === "string") return resolve(document, { ...resolveRef<object>(document, { $ref }), ...siblings }, depth + 1);
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, resolve(document, child, depth + 1)]));
}

/** The JSON types a schema allows, `null` included when it is nullable (`type` list or `anyOf` with null). */
function typesOf(schema: Schema): Set<string> {
  const types = new Set<string>(([] as string[]).concat((schema["type"] as string | string[] | undefined) ?? []));
  for (const branch of (schema["anyOf"] as Schema[] | undefined) ?? []) for (const type of typesOf(branch)) types.add(type);
  return types;
}

/** The schema without its `null` branch, for comparing what the non-null value must be. */
function nonNull(schema: Schema): Schema {
  const branches = schema["anyOf"] as Schema[] | undefined;
  if (!branches) return schema;
  const rest = branches.filter((branch) => !(branch["type"] === "null" && Object.keys(branch).length === 1));
  return rest.length === 1 ? { ...schema, anyOf: undefined, ...rest[0] } : { ...schema, anyOf: rest };
}

interface Context {
  changes: Change[];
  operations: string[];
}

function add(context: Context, kind: ChangeKind, rule: string, location: string, message: string): void {
  context.changes.push({ kind, rule, location, message, operations: context.operations });
}

/** Bounds: keyword, whether a larger value narrows (minimums) or widens (maximums). */
const BOUNDS: [keyword: string, largerNarrows: boolean][] = [
  ["minimum", true],
  ["exclusiveMinimum", true],
  ["minLength", true],
  ["minItems", true],
  ["maximum", false],
  ["exclusiveMaximum", false],
  ["maxLength", false],
  ["maxItems", false],
];

function compareSchemas(context: Context, base: Schema, head: Schema, direction: Direction, where: string): void {
  // A narrowed request constraint breaks callers; a widened response constraint breaks readers.
  const narrowing: ChangeKind = direction === "request" ? "breaking" : "non-breaking";
  const widening: ChangeKind = direction === "request" ? "non-breaking" : "breaking";

  const baseTypes = typesOf(base);
  const headTypes = typesOf(head);
  for (const type of baseTypes) {
    if (!headTypes.has(type) && !(type === "integer" && headTypes.has("number"))) {
      if (type === "null") add(context, narrowing, `${direction}-nullable-removed`, where, `is no longer nullable`);
      else add(context, "breaking", `${direction}-type-changed`, where, `no longer accepts type ${type} (now ${[...headTypes].join(" | ") || "any"})`);
    }
  }
  for (const type of headTypes) {
    if (baseTypes.has(type) || (type === "number" && baseTypes.has("integer"))) continue;
    if (type === "null") add(context, widening, `${direction}-became-nullable`, where, `can now be null`);
    else if (baseTypes.size > 0) add(context, widening, `${direction}-type-widened`, where, `now also allows type ${type}`);
  }

  const [left, right] = [nonNull(base), nonNull(head)];
  const baseEnum = left["enum"] as unknown[] | undefined;
  const headEnum = right["enum"] as unknown[] | undefined;
  if (baseEnum && headEnum) {
    for (const value of baseEnum)
      if (!headEnum.includes(value)) add(context, narrowing, `${direction}-enum-value-removed`, where, `no longer allows ${JSON.stringify(value)}`);
    for (const value of headEnum) {
      if (baseEnum.includes(value)) continue;
      if (direction === "request") add(context, "non-breaking", "request-enum-value-added", where, `now also allows ${JSON.stringify(value)}`);
      else {
        // The spec marks its enums open (x-open-enum): readers must tolerate new values, but a new one is reported on its own.
        const open = right["x-open-enum"] === true;
        add(
          context,
          open ? "non-breaking" : "breaking",
          "response-enum-value-added",
          where,
          `can now be ${JSON.stringify(value)}${open ? " (open enum: readers must tolerate new values)" : ""}`,
        );
      }
    }
  } else if (headEnum && !baseEnum)
    add(context, narrowing, `${direction}-enum-added`, where, `is now restricted to ${headEnum.map((value) => JSON.stringify(value)).join(", ")}`);
  else if (baseEnum && !headEnum) add(context, widening, `${direction}-enum-removed`, where, `is no longer restricted to listed values`);

  for (const [keyword, largerNarrows] of BOUNDS) {
    const before = left[keyword] as number | undefined;
    const after = right[keyword] as number | undefined;
    if (before === after) continue;
    const narrowed = before === undefined || (after !== undefined && (largerNarrows ? after > before : after < before));
    const rule = `${direction}-${keyword}-${before === undefined ? "added" : after === undefined ? "removed" : after > before ? "increased" : "decreased"}`;
    add(context, narrowed ? narrowing : widening, rule, where, `${keyword} ${before ?? "none"} → ${after ?? "none"}`);
  }
  for (const keyword of ["format", "pattern"] as const) {
    const before = left[keyword];
    const after = right[keyword];
    if (before === after) continue;
    const kind = after === undefined ? widening : narrowing;
    add(
      context,
      kind,
      `${direction}-${keyword}-${before === undefined ? "added" : after === undefined ? "removed" : "changed"}`,
      where,
      `${keyword} ${JSON.stringify(before ?? null)} → ${JSON.stringify(after ?? null)}`,
    );
  }

  for (const keyword of ["anyOf", "oneOf"] as const) compareAlternatives(context, left, right, keyword, direction, where);
  // What the server assumes for an absent input: callers that leave it out get another behaviour.
  if (direction === "request" && JSON.stringify(left["default"]) !== JSON.stringify(right["default"])) {
    add(
      context,
      "breaking",
      "request-default-changed",
      where,
      `default ${JSON.stringify(left["default"] ?? null)} → ${JSON.stringify(right["default"] ?? null)}`,
    );
  }

  if (left["items"] && right["items"]) compareSchemas(context, left["items"] as Schema, right["items"] as Schema, direction, `${where}/[]`);
  compareAdditionalProperties(context, left, right, direction, where);
  compareProperties(context, left, right, direction, where);
}

/**
 * `anyOf` / `oneOf` compared as sets: the same alternatives in another order are no change. An
 * alternative that is gone narrows, a new one widens; alternatives that changed in place (as many
 * unmatched on each side) are compared one to one, in order.
 */
function compareAlternatives(context: Context, base: Schema, head: Schema, keyword: "anyOf" | "oneOf", direction: Direction, where: string): void {
  const key = (schema: Schema): string => JSON.stringify(schema);
  const baseBranches = (base[keyword] as Schema[] | undefined) ?? [];
  const headBranches = (head[keyword] as Schema[] | undefined) ?? [];
  const headKeys = new Set(headBranches.map(key));
  const baseKeys = new Set(baseBranches.map(key));
  const gone = baseBranches.filter((branch) => !headKeys.has(key(branch)));
  const fresh = headBranches.filter((branch) => !baseKeys.has(key(branch)));
  if (gone.length === fresh.length) {
    for (const [index, branch] of gone.entries()) compareSchemas(context, branch, fresh[index] as Schema, direction, `${where}/${keyword}`);
    return;
  }
  const narrowing: ChangeKind = direction === "request" ? "breaking" : "non-breaking";
  const widening: ChangeKind = direction === "request" ? "non-breaking" : "breaking";
  if (gone.length > 0) add(context, narrowing, `${direction}-${keyword}-alternative-removed`, where, `${keyword} lost ${gone.length} alternative(s)`);
  if (fresh.length > 0) add(context, widening, `${direction}-${keyword}-alternative-added`, where, `${keyword} has ${fresh.length} new alternative(s)`);
}

/** `additionalProperties: false` closes an object: closing a request body breaks callers that sent more. */
function compareAdditionalProperties(context: Context, base: Schema, head: Schema, direction: Direction, where: string): void {
  const before = base["additionalProperties"];
  const after = head["additionalProperties"];
  if (typeof before === "object" && before && typeof after === "object" && after) {
    compareSchemas(context, before as Schema, after as Schema, direction, `${where}/{additional}`);
    return;
  }
  const closed = (value: unknown): boolean => value === false;
  if (closed(before) === closed(after)) return;
  if (closed(after))
    add(context, direction === "request" ? "breaking" : "non-breaking", `${direction}-additionalProperties-closed`, where, "no longer allows unlisted fields");
  else add(context, "non-breaking", `${direction}-additionalProperties-opened`, where, "now allows unlisted fields");
}

function compareProperties(context: Context, base: Schema, head: Schema, direction: Direction, where: string): void {
  const baseProperties = (base["properties"] as Record<string, Schema> | undefined) ?? {};
  const headProperties = (head["properties"] as Record<string, Schema> | undefined) ?? {};
  const baseRequired = new Set((base["required"] as string[] | undefined) ?? []);
  const headRequired = new Set((head["required"] as string[] | undefined) ?? []);
  for (const [name, schema] of Object.entries(baseProperties)) {
    const at = `${where}/${name}`;
    const next = headProperties[name];
    if (!next) {
      add(context, "breaking", `${direction}-field-removed`, at, `field ${name} was removed`);
      continue;
    }
    if (baseRequired.has(name) && !headRequired.has(name)) {
      add(context, direction === "request" ? "non-breaking" : "breaking", `${direction}-field-became-optional`, at, `field ${name} is no longer required`);
    }
    if (!baseRequired.has(name) && headRequired.has(name)) {
      add(context, direction === "request" ? "breaking" : "non-breaking", `${direction}-field-became-required`, at, `field ${name} is now required`);
    }
    compareSchemas(context, schema, next, direction, at);
  }
  for (const name of Object.keys(headProperties)) {
    if (name in baseProperties) continue;
    const required = headRequired.has(name);
    if (direction === "request")
      add(
        context,
        required ? "breaking" : "non-breaking",
        required ? "request-required-field-added" : "request-optional-field-added",
        `${where}/${name}`,
        `new ${required ? "required" : "optional"} field ${name}`,
      );
    else add(context, "non-breaking", "response-field-added", `${where}/${name}`, `new field ${name}`);
  }
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema?: Schema;
}

/** How a parameter is written on the wire, with OpenAPI's defaults: `form` and exploded for query and cookie, `simple` otherwise. */
function serialization(parameter: Parameter): string {
  const style = parameter.style ?? (parameter.in === "query" || parameter.in === "cookie" ? "form" : "simple");
  return `style ${style}, explode ${String(parameter.explode ?? style === "form")}`;
}

function compareParameters(context: Context, base: Parameter[], head: Parameter[], label: string): void {
  const key = (parameter: Parameter) => `${parameter.in} ${parameter.name}`;
  const headByKey = new Map(head.map((parameter) => [key(parameter), parameter]));
  const baseKeys = new Set(base.map(key));
  for (const parameter of base) {
    const where = `${label} ${key(parameter)}`;
    const next = headByKey.get(key(parameter));
    if (!next) {
      add(context, "breaking", "parameter-removed", where, `parameter ${parameter.name} was removed`);
      continue;
    }
    if (!parameter.required && next.required) add(context, "breaking", "parameter-became-required", where, `parameter ${parameter.name} is now required`);
    if (parameter.required && !next.required) add(context, "non-breaking", "parameter-became-optional", where, `parameter ${parameter.name} is now optional`);
    if (serialization(parameter) !== serialization(next)) {
      add(
        context,
        "breaking",
        "parameter-serialization-changed",
        where,
        `${serialization(parameter)} → ${serialization(next)}: the same values are written differently`,
      );
    }
    compareSchemas(context, parameter.schema ?? {}, next.schema ?? {}, "request", where);
  }
  for (const parameter of head) {
    if (baseKeys.has(key(parameter))) continue;
    const where = `${label} ${key(parameter)}`;
    if (parameter.required) add(context, "breaking", "required-parameter-added", where, `new required parameter ${parameter.name}`);
    else add(context, "non-breaking", "optional-parameter-added", where, `new optional parameter ${parameter.name}`);
  }
}

type Content = Record<string, { schema?: Schema }>;
type SecurityRequirement = Record<string, string[]>;
type Operation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Content };
  responses?: Record<string, { content?: Content }>;
  security?: SecurityRequirement[];
  "x-permissions"?: Record<string, boolean>;
};

/** The published scenarios (`x-permissions`): a scenario no longer allowed breaks its callers; a newly allowed one does not. */
function comparePermissions(context: Context, base: Operation, head: Operation, label: string): void {
  const before = base["x-permissions"];
  const after = head["x-permissions"];
  for (const scenario of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    // Without a published table, every scenario is allowed.
    const was = before ? before[scenario] === true : true;
    const is = after ? after[scenario] === true : true;
    if (was && !is) add(context, "breaking", "permission-removed", `${label} x-permissions ${scenario}`, `the ${scenario} scenario is no longer allowed`);
    if (!was && is) add(context, "non-breaking", "permission-added", `${label} x-permissions ${scenario}`, `the ${scenario} scenario is now allowed`);
  }
}

/** Media types besides JSON: one gone from a request breaks its senders, one gone from a response its readers. */
function compareMediaTypes(context: Context, base: Content | undefined, head: Content | undefined, direction: Direction, where: string): void {
  const before = Object.keys(base ?? {}).filter((type) => type !== "application/json");
  const after = Object.keys(head ?? {}).filter((type) => type !== "application/json");
  for (const type of before) {
    const next = head?.[type];
    if (!next)
      add(
        context,
        "breaking",
        `${direction}-media-type-removed`,
        `${where} ${type}`,
        `${type} is no longer ${direction === "request" ? "accepted" : "returned"}`,
      );
    else if (base?.[type]?.schema && next.schema) compareSchemas(context, base[type]?.schema as Schema, next.schema, direction, `${where} ${type}`);
  }
  for (const type of after) {
    if (!before.includes(type))
      add(
        context,
        "non-breaking",
        `${direction}-media-type-added`,
        `${where} ${type}`,
        `${type} is now ${direction === "request" ? "accepted" : "documented"}`,
      );
  }
}

/**
 * The security an operation requires (its own, else the document's). Requiring credentials where
 * none were needed, or other ones, breaks callers; dropping the requirement is reported, since
 * mocks and callers must agree on it, but breaks no caller.
 */
function compareSecurity(context: Context, base: SecurityRequirement[], head: SecurityRequirement[], label: string): void {
  const schemes = (requirements: SecurityRequirement[]) => JSON.stringify(requirements.map((requirement) => Object.keys(requirement).sort()).sort());
  if (schemes(base) === schemes(head)) return;
  if (head.length === 0) add(context, "non-breaking", "security-removed", `${label} security`, "the operation no longer requires credentials");
  else if (base.length === 0) add(context, "breaking", "security-added", `${label} security`, "the operation now requires credentials");
  else add(context, "breaking", "security-changed", `${label} security`, `security ${schemes(base)} → ${schemes(head)}`);
}

function compareOperation(
  context: Context,
  base: Operation,
  head: Operation,
  pathParameters: [Parameter[], Parameter[]],
  documentSecurity: [SecurityRequirement[], SecurityRequirement[]],
  label: string,
): void {
  compareParameters(context, [...pathParameters[0], ...(base.parameters ?? [])], [...pathParameters[1], ...(head.parameters ?? [])], label);
  compareSecurity(context, base.security ?? documentSecurity[0], head.security ?? documentSecurity[1], label);
  comparePermissions(context, base, head, label);
  compareMediaTypes(context, base.requestBody?.content, head.requestBody?.content, "request", `${label} body`);

  const baseBody = base.requestBody?.content?.["application/json"]?.schema;
  const headBody = head.requestBody?.content?.["application/json"]?.schema;
  if (baseBody && headBody) {
    if (!base.requestBody?.required && head.requestBody?.required)
      add(context, "breaking", "request-body-became-required", `${label} body`, "the body is now required");
    compareSchemas(context, baseBody, headBody, "request", `${label} body`);
  } else if (!baseBody && headBody) {
    add(context, head.requestBody?.required ? "breaking" : "non-breaking", "request-body-added", `${label} body`, "the operation now takes a body");
  } else if (baseBody && !headBody) add(context, "breaking", "request-body-removed", `${label} body`, "the operation no longer takes a body");

  const baseResponses = base.responses ?? {};
  const headResponses = head.responses ?? {};
  for (const [status, response] of Object.entries(baseResponses)) {
    const where = `${label} response ${status}`;
    const next = headResponses[status];
    if (!next) {
      add(context, "breaking", "response-status-removed", where, `status ${status} is no longer documented`);
      continue;
    }
    compareMediaTypes(context, response.content, next.content, "response", where);
    const before = response.content?.["application/json"]?.schema;
    const after = next.content?.["application/json"]?.schema;
    if (before && after) compareSchemas(context, before, after, "response", where);
    else if (before && !after) add(context, "breaking", "response-body-removed", where, "the response no longer has a JSON body");
  }
  for (const status of Object.keys(headResponses)) {
    if (!(status in baseResponses)) add(context, "non-breaking", "response-status-added", `${label} response ${status}`, `status ${status} is now documented`);
  }
}

/** Every documentation-only difference, one change per location where such keywords differ. */
function documentationChanges(context: Context, base: unknown, head: unknown, where: string): void {
  if (!base || !head || typeof base !== "object" || typeof head !== "object") return;
  for (const key of new Set([...Object.keys(base), ...Object.keys(head)])) {
    const [left, right] = [(base as Record<string, unknown>)[key], (head as Record<string, unknown>)[key]];
    if (DOCUMENTATION.has(key)) {
      if (JSON.stringify(left) !== JSON.stringify(right)) add(context, "documentation", `${key}-changed`, `${where}/${key}`, `${key} changed`);
    } else documentationChanges(context, left, right, `${where}/${key}`);
  }
}

/** The server URLs: a default base URL that moves, or goes, sends every caller elsewhere. */
function compareServers(context: Context, base: OpenApiDocument, head: OpenApiDocument): void {
  const urls = (document: OpenApiDocument) => ((document as { servers?: { url: string }[] }).servers ?? []).map((server) => server.url);
  const [before, after] = [urls(base), urls(head)];
  if (before[0] !== undefined && before[0] !== after[0])
    add(context, "breaking", "server-url-changed", "servers", `the first server ${before[0]} → ${after[0] ?? "none"}`);
  for (const url of before.slice(1)) if (!after.includes(url)) add(context, "breaking", "server-removed", "servers", `server ${url} was removed`);
  for (const url of after) if (!before.includes(url) && url !== after[0]) add(context, "non-breaking", "server-added", "servers", `new server ${url}`);
}

/** Classifies every difference between two bundled specs. */
export function diffSpecs(baseDocument: OpenApiDocument, headDocument: OpenApiDocument): Change[] {
  const base = resolve(baseDocument, baseDocument) as OpenApiDocument;
  const head = resolve(headDocument, headDocument) as OpenApiDocument;
  const changes: Change[] = [];
  const paths = new Set([...Object.keys(base.paths), ...Object.keys(head.paths)]);
  for (const path of paths) {
    for (const method of HTTP_METHODS) {
      const before = base.paths[path]?.[method] as (Operation & { operationId?: string }) | undefined;
      const after = head.paths[path]?.[method] as (Operation & { operationId?: string }) | undefined;
      if (!before && !after) continue;
      const label = `${method.toUpperCase()} ${path}`;
      const context: Context = { changes, operations: [after?.operationId ?? before?.operationId ?? label] };
      if (!after) add(context, "breaking", "operation-removed", label, "the operation was removed");
      else if (!before) add(context, "non-breaking", "operation-added", label, "a new operation");
      else {
        const pathParameters: [Parameter[], Parameter[]] = [
          (base.paths[path]?.parameters ?? []) as Parameter[],
          (head.paths[path]?.parameters ?? []) as Parameter[],
        ];
        const security: [SecurityRequirement[], SecurityRequirement[]] = [
          (base as { security?: SecurityRequirement[] }).security ?? [],
          (head as { security?: SecurityRequirement[] }).security ?? [],
        ];
        compareOperation(context, before, after, pathParameters, security, label);
        documentationChanges(context, before, after, label);
      }
    }
  }
  const rest: Context = { changes, operations: [] };
  compareServers(rest, base, head);
  documentationChanges(rest, { info: base.info, tags: base.tags }, { info: head.info, tags: head.tags }, "");
  // The same change reached through a shared component is reported once per location.
  const seen = new Set<string>();
  return changes.filter((change) => {
    const id = `${change.kind} ${change.rule} ${change.location}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
