/**
 * A rule-based differ for two OpenAPI documents (3.1, and 3.0's `nullable`). Every change is
 * classified as breaking, non-breaking or documentation-only, names the rule behind it and the
 * operations it touches. Requests and responses are judged in opposite directions: a request
 * constraint that narrows breaks callers that sent what used to be valid; a response constraint
 * that widens breaks callers that relied on the old bound. Webhooks are requests the API sends, so
 * their bodies are judged as responses and their responses as requests.
 *
 * References are followed as the comparison reaches them (never inlined up front), so a recursive
 * schema is compared once per pair of references and any nesting depth is fine. Operations come
 * from the shared operation loop (src/spec/spec-operations.ts), with OpenAPI's rule that an
 * operation's parameter replaces the path item's of the same name and location.
 *
 * Where the verdict differs from oasdiff's, the rule says why beside it.
 */
import { resolveRef, type OpenApiDocument, type ParameterObject, type PathItemObject } from "./openapi-document.ts";
import { pathParameterNames, templatePieces } from "./path-template.ts";
import { isSuccessStatus, specOperations, type SpecOperation } from "./spec-operations.ts";

export type ChangeKind = "breaking" | "non-breaking" | "documentation";

export interface Change {
  kind: ChangeKind;
  /** The rule that classified it (`request-maximum-decreased`). */
  rule: string;
  /** Where: `GET /guest-connections query limit`, `… response 200 /items/[]/guest_name`. */
  location: string;
  message: string;
  operations: string[];
  /** The JSON Pointer of the node in each document (the base's, the head's), references followed to where the node is written. */
  pointers: { base: string; head: string };
}

/** Where a comparison stands: a label for people, and the JSON Pointer of the node in each document. */
export interface Where {
  label: string;
  base: string;
  head: string;
}

/** JSON Pointer's escape of one key (RFC 6901). */
export const pointerKey = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** One step down from `where`: `label` appended to its label, each document's pointer extended (by `base`, and by `head` where the two differ). */
const step = (where: Where, label: string, base: string, head: string = base): Where => ({
  label: `${where.label}${label}`,
  base: `${where.base}${base}`,
  head: `${where.head}${head}`,
});

type Schema = Record<string, unknown>;
type Direction = "request" | "response";

/** Keywords that only document: their changes never break anyone. */
const DOCUMENTATION = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "deprecated", "$comment"]);

/** The JSON types a schema allows, `null` included when it is nullable (`type` list, `anyOf` with null, 3.0's `nullable`). */
function typesOf(document: OpenApiDocument, schema: Schema, depth = 0): Set<string> {
  const types = new Set<string>(([] as string[]).concat((schema["type"] as string | string[] | undefined) ?? []));
  if (schema["nullable"] === true && types.size > 0) types.add("null");
  if ("const" in schema && schema["const"] === null) types.add("null");
  if (depth < 16)
    for (const branch of (schema["anyOf"] as unknown[] | undefined) ?? [])
      for (const type of typesOf(document, follow(document, branch).value, depth + 1)) types.add(type);
  return types;
}

/** The schema without its `null` branch, for comparing what the non-null value must be. */
function nonNull(document: OpenApiDocument, schema: Schema): Schema {
  const { nullable: _nullable, ...plain } = schema;
  const branches = plain["anyOf"] as unknown[] | undefined;
  if (!branches) return plain;
  const rest = branches.filter((branch) => !((branch as Schema)["type"] === "null" && Object.keys(branch as Schema).length === 1));
  if (rest.length === branches.length) return plain;
  const { anyOf: _branches, ...others } = plain;
  // `X | null` is compared as `X`: the null branch is judged by the types above.
  if (rest.length === 1) return { ...follow(document, rest[0]).value, ...others };
  return { ...others, anyOf: rest };
}

/** A value's listed values: `enum`, `const` as one value, or `x-extensible-enum` (values that may grow). */
function listedValues(schema: Schema): { values: unknown[]; open: boolean } | undefined {
  if (Array.isArray(schema["enum"])) return { values: schema["enum"] as unknown[], open: schema["x-open-enum"] === true };
  if ("const" in schema) return { values: [schema["const"]], open: false };
  if (Array.isArray(schema["x-extensible-enum"])) return { values: schema["x-extensible-enum"] as unknown[], open: true };
  return undefined;
}

/** A pattern that matches every string says nothing: `.*` is no pattern. */
const patternOf = (schema: Schema): string | undefined => {
  const pattern = schema["pattern"] as string | undefined;
  return pattern === undefined || /^\^?\.\*\$?$/.test(pattern) ? undefined : pattern;
};

interface Context {
  changes: Change[];
  operations: string[];
  /** The two documents, for following references as they are reached. */
  documents: [base: OpenApiDocument, head: OpenApiDocument];
  /** Pairs of references being compared further up: met again, they are a recursion, compared once. */
  active: Set<string>;
}

/** A node with its reference followed (keywords beside the `$ref` kept), and the reference itself. */
function follow(document: OpenApiDocument, node: unknown): { value: Schema; ref: string | undefined } {
  if (!node || typeof node !== "object") return { value: {}, ref: undefined };
  const { $ref, ...siblings } = node as Schema;
  if (typeof $ref !== "string") return { value: node as Schema, ref: undefined };
  // resolveRef follows a chain of references to its end; the keywords beside this one stay.
  return { value: { ...resolveRef<Schema>(document, { $ref }), ...siblings }, ref: $ref };
}

/**
 * A schema with its `allOf` merged into it: the branches' properties and required fields joined,
 * their other keywords taken where the schema has none. What a value must satisfy is then compared,
 * whichever way the spec spells it (a property moved into a branch is no change).
 */
function merged(document: OpenApiDocument, schema: Schema, depth = 0): Schema {
  const branches = schema["allOf"] as unknown[] | undefined;
  if (!branches || depth > 32) return schema;
  const { allOf: _branches, ...result } = schema;
  const properties: Record<string, unknown> = { ...((result["properties"] as Record<string, unknown> | undefined) ?? {}) };
  const required = new Set((result["required"] as string[] | undefined) ?? []);
  for (const branch of branches) {
    const part = merged(document, follow(document, branch).value, depth + 1);
    for (const [name, property] of Object.entries((part["properties"] as Record<string, unknown> | undefined) ?? {}))
      properties[name] = name in properties ? { allOf: [properties[name], property] } : property;
    for (const name of (part["required"] as string[] | undefined) ?? []) required.add(name);
    for (const [keyword, value] of Object.entries(part))
      if (!(keyword in result) && keyword !== "properties" && keyword !== "required") result[keyword] = value;
  }
  if (Object.keys(properties).length > 0) result["properties"] = properties;
  if (required.size > 0) result["required"] = [...required];
  return result;
}

function add(context: Context, kind: ChangeKind, rule: string, where: Where, message: string): void {
  context.changes.push({ kind, rule, location: where.label, message, operations: context.operations, pointers: { base: where.base, head: where.head } });
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

/** What narrowing and widening mean for a direction: a narrowed request breaks callers, a widened response breaks readers. */
const kinds = (direction: Direction): { narrowing: ChangeKind; widening: ChangeKind } =>
  direction === "request" ? { narrowing: "breaking", widening: "non-breaking" } : { narrowing: "non-breaking", widening: "breaking" };

/** Subschema keywords compared keyword by keyword, in the same direction as their parent. */
const NESTED = ["items", "contains", "then", "else", "propertyNames"] as const;

function compareSchemas(context: Context, baseNode: unknown, headNode: unknown, direction: Direction, where: Where): void {
  const [baseDocument, headDocument] = context.documents;
  const first = follow(baseDocument, baseNode);
  const second = follow(headDocument, headNode);
  // A pair of references already being compared further up is a recursion: compared once, there.
  const pair = first.ref !== undefined && second.ref !== undefined ? `${first.ref} ${second.ref}` : undefined;
  if (pair !== undefined && context.active.has(pair)) return;
  if (pair !== undefined) context.active.add(pair);
  try {
    // Past a reference, the node is where the reference points.
    const at = { label: where.label, base: first.ref?.slice(1) ?? where.base, head: second.ref?.slice(1) ?? where.head };
    compareResolved(context, merged(baseDocument, first.value), merged(headDocument, second.value), direction, at);
  } finally {
    if (pair !== undefined) context.active.delete(pair);
  }
}

function compareResolved(context: Context, base: Schema, head: Schema, direction: Direction, where: Where): void {
  const [baseDocument, headDocument] = context.documents;
  const { narrowing, widening } = kinds(direction);

  const baseTypes = typesOf(baseDocument, base);
  const headTypes = typesOf(headDocument, head);
  for (const type of baseTypes) {
    if (!headTypes.has(type) && !(type === "integer" && headTypes.has("number")) && headTypes.size > 0) {
      if (type === "null") add(context, narrowing, `${direction}-nullable-removed`, where, `is no longer nullable`);
      else add(context, "breaking", `${direction}-type-changed`, where, `no longer accepts type ${type} (now ${[...headTypes].join(" | ")})`);
    }
  }
  // A type replaced by another is one change (type-changed, above), not also a widening.
  const replaced = [...baseTypes].some((type) => type !== "null" && !headTypes.has(type) && !(type === "integer" && headTypes.has("number")));
  for (const type of headTypes) {
    if (baseTypes.has(type) || (type === "number" && baseTypes.has("integer"))) continue;
    if (type === "null") add(context, widening, `${direction}-became-nullable`, where, `can now be null`);
    else if (baseTypes.size > 0 && !replaced) add(context, widening, `${direction}-type-widened`, where, `now also allows type ${type}`);
  }

  const [left, right] = [nonNull(baseDocument, base), nonNull(headDocument, head)];
  compareListedValues(context, left, right, direction, where);

  for (const [keyword, largerNarrows] of BOUNDS) {
    const before = left[keyword] as number | undefined;
    const after = right[keyword] as number | undefined;
    if (before === after) continue;
    const narrowed = before === undefined || (after !== undefined && (largerNarrows ? after > before : after < before));
    const rule = `${direction}-${keyword}-${before === undefined ? "added" : after === undefined ? "removed" : after > before ? "increased" : "decreased"}`;
    add(context, narrowed ? narrowing : widening, rule, where, `${keyword} ${before ?? "none"} → ${after ?? "none"}`);
  }
  const format = [left["format"], right["format"]];
  if (format[0] !== format[1]) {
    add(
      context,
      format[1] === undefined ? widening : narrowing,
      `${direction}-format-${format[0] === undefined ? "added" : format[1] === undefined ? "removed" : "changed"}`,
      where,
      `format ${JSON.stringify(format[0] ?? null)} → ${JSON.stringify(format[1] ?? null)}`,
    );
  }
  const pattern = [patternOf(left), patternOf(right)];
  if (pattern[0] !== pattern[1]) {
    // As oasdiff: a pattern removed (or widened to `.*`) breaks no one in either direction. Readers
    // do not enforce a pattern the way they rely on a type or a bound; a new or changed one still narrows.
    const gone = pattern[1] === undefined;
    add(
      context,
      gone ? "non-breaking" : direction === "request" ? "breaking" : "non-breaking",
      `${direction}-pattern-${pattern[0] === undefined ? "added" : gone ? "removed" : "changed"}`,
      where,
      `pattern ${JSON.stringify(pattern[0] ?? null)} → ${JSON.stringify(pattern[1] ?? null)}`,
    );
  }

  for (const keyword of ["anyOf", "oneOf"] as const) compareAlternatives(context, left, right, keyword, direction, where);
  // What the server assumes for an absent input: callers that leave it out get another behaviour.
  // oasdiff calls this non-breaking; it is kept breaking here because a caller's request silently
  // changes meaning, which is what a contract gate is for.
  if (direction === "request" && JSON.stringify(left["default"]) !== JSON.stringify(right["default"])) {
    add(
      context,
      "breaking",
      "request-default-changed",
      where,
      `default ${JSON.stringify(left["default"] ?? null)} → ${JSON.stringify(right["default"] ?? null)}`,
    );
  }

  for (const keyword of NESTED) {
    if (left[keyword] !== undefined && right[keyword] !== undefined)
      compareSchemas(context, left[keyword], right[keyword], direction, step(where, `/${keyword === "items" ? "[]" : keyword}`, `/${keyword}`));
    else if (left[keyword] === undefined && right[keyword] !== undefined && keyword !== "items")
      add(context, narrowing, `${direction}-${keyword}-added`, where, `${keyword} now constrains the value`);
    else if (left[keyword] !== undefined && right[keyword] === undefined && keyword !== "items")
      add(context, widening, `${direction}-${keyword}-removed`, where, `${keyword} no longer constrains the value`);
  }
  // A changed condition changes which values the `then` and `else` apply to: no direction is safe.
  if (JSON.stringify(left["if"] ?? null) !== JSON.stringify(right["if"] ?? null))
    add(context, "breaking", `${direction}-if-changed`, where, "the condition of if/then/else changed");
  if (JSON.stringify(left["not"] ?? null) !== JSON.stringify(right["not"] ?? null))
    add(context, "breaking", `${direction}-not-changed`, where, "the schema of not changed");
  comparePrefixItems(context, left, right, direction, where);
  for (const keyword of ["additionalProperties", "unevaluatedProperties", "unevaluatedItems"] as const)
    compareClosing(context, left, right, keyword, direction, where);
  compareProperties(context, left, right, direction, where);
}

/** `enum`, `const` and `x-extensible-enum` values: one gone narrows, one new widens (tolerated by readers of an open list). */
function compareListedValues(context: Context, left: Schema, right: Schema, direction: Direction, where: Where): void {
  const { narrowing, widening } = kinds(direction);
  const before = listedValues(left);
  const after = listedValues(right);
  if (before && after) {
    const removedRule = "const" in left && "const" in right ? `${direction}-const-changed` : `${direction}-enum-value-removed`;
    for (const value of before.values)
      if (!after.values.some((item) => JSON.stringify(item) === JSON.stringify(value)))
        add(context, "const" in left && "const" in right ? "breaking" : narrowing, removedRule, where, `no longer allows ${JSON.stringify(value)}`);
    for (const value of after.values) {
      if (before.values.some((item) => JSON.stringify(item) === JSON.stringify(value))) continue;
      if ("const" in left && "const" in right) continue;
      if (direction === "request") add(context, "non-breaking", "request-enum-value-added", where, `now also allows ${JSON.stringify(value)}`);
      else {
        // An open enum (x-open-enum, x-extensible-enum) tells readers to tolerate new values; a new one is reported on its own.
        add(
          context,
          after.open ? "non-breaking" : "breaking",
          "response-enum-value-added",
          where,
          `can now be ${JSON.stringify(value)}${after.open ? " (open enum: readers must tolerate new values)" : ""}`,
        );
      }
    }
  } else if (after && !before)
    add(context, narrowing, `${direction}-enum-added`, where, `is now restricted to ${after.values.map((value) => JSON.stringify(value)).join(", ")}`);
  else if (before && !after) add(context, widening, `${direction}-enum-removed`, where, `is no longer restricted to listed values`);
}

/** `prefixItems` position by position: a position's schema compared, one added narrows, one gone widens. */
function comparePrefixItems(context: Context, left: Schema, right: Schema, direction: Direction, where: Where): void {
  const { narrowing, widening } = kinds(direction);
  const before = (left["prefixItems"] as unknown[] | undefined) ?? [];
  const after = (right["prefixItems"] as unknown[] | undefined) ?? [];
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const at = step(where, `/prefixItems/${index}`, `/prefixItems/${index}`);
    if (before[index] !== undefined && after[index] !== undefined) compareSchemas(context, before[index], after[index], direction, at);
    else if (after[index] !== undefined) add(context, narrowing, `${direction}-prefixItems-added`, at, `item ${index} is now constrained`);
    else add(context, widening, `${direction}-prefixItems-removed`, at, `item ${index} is no longer constrained`);
  }
}

/**
 * `anyOf` / `oneOf` compared as sets of alternatives, each known by its reference (two named
 * alternatives of the same shape are two alternatives) or else by its content: the same ones in
 * another order are no change. Unmatched alternatives of the same type are compared one to one;
 * the rest are gone (narrowing) or new (widening). A schema without the keyword is its own one
 * alternative, so wrapping a schema in `anyOf` compares what it was with what it became.
 */
function compareAlternatives(context: Context, base: Schema, head: Schema, keyword: "anyOf" | "oneOf", direction: Direction, where: Where): void {
  if (base[keyword] === undefined && head[keyword] === undefined) return;
  const [baseDocument, headDocument] = context.documents;
  const alternatives = (schema: Schema): unknown[] => {
    if (schema[keyword] !== undefined) return schema[keyword] as unknown[];
    const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = schema;
    return Object.keys(rest).length > 0 && typesOf(baseDocument, rest).size > 0 ? [rest] : [];
  };
  const key = (node: unknown): string => ((node as Schema)["$ref"] !== undefined ? `ref ${String((node as Schema)["$ref"])}` : JSON.stringify(node));
  const baseBranches = alternatives(base);
  const headBranches = alternatives(head);
  const headKeys = new Set(headBranches.map(key));
  const baseKeys = new Set(baseBranches.map(key));
  const gone = baseBranches.filter((branch) => !headKeys.has(key(branch)));
  const fresh = headBranches.filter((branch) => !baseKeys.has(key(branch)));
  const typeKey = (document: OpenApiDocument, node: unknown) => [...typesOf(document, follow(document, node).value)].sort().join("|");
  const unmatched = [...fresh];
  const removed: unknown[] = [];
  for (const branch of gone) {
    const index = unmatched.findIndex(
      (candidate) => typeKey(headDocument, candidate) === typeKey(baseDocument, branch) && typeKey(baseDocument, branch) !== "",
    );
    if (index < 0) removed.push(branch);
    else {
      const [match] = unmatched.splice(index, 1);
      // Each alternative's own pointer: its place in the keyword's list, or the schema itself when it has no list.
      const place = (schema: Schema, node: unknown) => (Array.isArray(schema[keyword]) ? `/${keyword}/${(schema[keyword] as unknown[]).indexOf(node)}` : "");
      compareSchemas(context, branch, match, direction, step(where, `/${keyword}`, place(base, branch), place(head, match)));
    }
  }
  const { narrowing, widening } = kinds(direction);
  if (removed.length > 0) add(context, narrowing, `${direction}-${keyword}-alternative-removed`, where, `${keyword} lost ${removed.length} alternative(s)`);
  if (unmatched.length > 0) add(context, widening, `${direction}-${keyword}-alternative-added`, where, `${keyword} has ${unmatched.length} new alternative(s)`);
}

/**
 * `additionalProperties`, `unevaluatedProperties` and `unevaluatedItems`: `false` closes the value
 * to what is listed (closing a request body breaks callers that sent more); a schema is compared.
 */
function compareClosing(
  context: Context,
  base: Schema,
  head: Schema,
  keyword: "additionalProperties" | "unevaluatedProperties" | "unevaluatedItems",
  direction: Direction,
  where: Where,
): void {
  const before = base[keyword];
  const after = head[keyword];
  if (typeof before === "object" && before && typeof after === "object" && after) {
    compareSchemas(context, before, after, direction, step(where, `/{${keyword}}`, `/${keyword}`));
    return;
  }
  const closed = (value: unknown): boolean => value === false;
  if (closed(before) === closed(after)) return;
  if (closed(after))
    add(context, direction === "request" ? "breaking" : "non-breaking", `${direction}-${keyword}-closed`, where, "no longer allows unlisted content");
  else add(context, "non-breaking", `${direction}-${keyword}-opened`, where, "now allows unlisted content");
}

/** A field that became optional or required: a request's required field is the caller's burden, a response's the reader's promise. */
function compareRequired(context: Context, direction: Direction, at: Where, name: string, was: boolean, is: boolean): void {
  if (was && !is)
    add(context, direction === "request" ? "non-breaking" : "breaking", `${direction}-field-became-optional`, at, `field ${name} is no longer required`);
  if (!was && is)
    add(context, direction === "request" ? "breaking" : "non-breaking", `${direction}-field-became-required`, at, `field ${name} is now required`);
}

function compareProperties(context: Context, base: Schema, head: Schema, direction: Direction, where: Where): void {
  const baseProperties = (base["properties"] as Record<string, unknown> | undefined) ?? {};
  const headProperties = (head["properties"] as Record<string, unknown> | undefined) ?? {};
  const baseRequired = new Set((base["required"] as string[] | undefined) ?? []);
  const headRequired = new Set((head["required"] as string[] | undefined) ?? []);
  for (const [name, schema] of Object.entries(baseProperties)) {
    const at = step(where, `/${name}`, `/properties/${pointerKey(name)}`);
    const next = headProperties[name];
    if (next === undefined) {
      add(context, "breaking", `${direction}-field-removed`, { ...at, head: where.head }, `field ${name} was removed`);
      continue;
    }
    compareRequired(context, direction, at, name, baseRequired.has(name), headRequired.has(name));
    compareSchemas(context, schema, next, direction, at);
  }
  for (const name of Object.keys(headProperties)) {
    if (name in baseProperties) continue;
    const required = headRequired.has(name);
    const at = step(where, `/${name}`, "", `/properties/${pointerKey(name)}`);
    if (direction === "request")
      add(
        context,
        required ? "breaking" : "non-breaking",
        required ? "request-required-field-added" : "request-optional-field-added",
        at,
        `new ${required ? "required" : "optional"} field ${name}`,
      );
    else add(context, "non-breaking", "response-field-added", at, `new field ${name}`);
  }
  // Required names that no `properties` lists (in a `then`, say): their coming and going counts too.
  for (const name of new Set([...baseRequired, ...headRequired])) {
    if (name in baseProperties || name in headProperties) continue;
    compareRequired(context, direction, step(where, `/${name}`, "/required"), name, baseRequired.has(name), headRequired.has(name));
  }
}

/** A parameter, with what marks its announced removal. */
type Parameter = ParameterObject & { deprecated?: boolean; "x-sunset"?: string };

/**
 * How a parameter is written on the wire, with OpenAPI's defaults (`form` and exploded for query
 * and cookie, `simple` otherwise). For a single value `style` and `explode` change nothing on the
 * wire, so, as oasdiff, only an array's or an object's serialization is compared.
 */
function serialization(context: Context, side: 0 | 1, parameter: Parameter): string {
  const types = typesOf(context.documents[side], follow(context.documents[side], parameter.schema).value);
  if (!types.has("array") && !types.has("object")) return "a single value";
  const style = parameter.style ?? (parameter.in === "query" || parameter.in === "cookie" ? "form" : "simple");
  return `style ${style}, explode ${String(parameter.explode ?? style === "form")}`;
}

/**
 * Whether something removed had announced its removal: deprecated, with an `x-sunset` date that
 * has passed. As oasdiff: removing it then breaks no one who read the announcement.
 */
const sunsetPassed = (item: { deprecated?: boolean; "x-sunset"?: string } | undefined): boolean =>
  item?.deprecated === true && typeof item["x-sunset"] === "string" && Date.parse(item["x-sunset"]) < Date.now();

/**
 * Where a parameter of an operation is written: the component a reference names, or its place in
 * the operation's (or the path item's) list.
 */
function parameterPointer(document: OpenApiDocument, entry: SpecOperation, parameter: Parameter): string {
  const operation = `/paths/${pointerKey(entry.template)}`;
  for (const [list, at] of [
    [entry.operation.parameters, `${operation}/${entry.method}/parameters`],
    [entry.pathItem.parameters, `${operation}/parameters`],
  ] as const) {
    const index = (list ?? []).findIndex((item) => resolveRef(document, item) === parameter);
    const found = list?.[index];
    if (found) return "$ref" in found ? found.$ref.slice(1) : `${at}/${index}`;
  }
  return operation;
}

function compareParameters(context: Context, entries: [SpecOperation, SpecOperation], where: Where, renamed: ReadonlyMap<string, string>): void {
  const [base, head] = entries.map((entry) => entry.parameters as Parameter[]) as [Parameter[], Parameter[]];
  /** A parameter's place in each document; where one side lacks it, that side's operation. */
  const at = (before: Parameter | undefined, after: Parameter | undefined): Where => {
    const [documentBefore, documentAfter] = context.documents;
    const named = (before ?? after) as Parameter;
    return {
      label: `${where.label} ${named.in} ${named.name}`,
      base: before ? parameterPointer(documentBefore, entries[0], before) : where.base,
      head: after ? parameterPointer(documentAfter, entries[1], after) : where.head,
    };
  };
  // A path parameter is known by its head name: a renamed one is the same parameter (see pathRenames).
  const name = (parameter: Parameter, side: 0 | 1) =>
    parameter.in === "header"
      ? parameter.name.toLowerCase()
      : parameter.in === "path" && side === 0
        ? (renamed.get(parameter.name) ?? parameter.name)
        : parameter.name;
  const key = (parameter: Parameter, side: 0 | 1) => `${parameter.in} ${name(parameter, side)}`;
  const headByKey = new Map(head.map((parameter) => [key(parameter, 1), parameter]));
  const baseKeys = new Set(base.map((parameter) => key(parameter, 0)));
  for (const parameter of base) {
    const next = headByKey.get(key(parameter, 0));
    const here = at(parameter, next);
    if (!next) {
      if (sunsetPassed(parameter))
        add(context, "non-breaking", "parameter-removed-after-sunset", here, `parameter ${parameter.name} was removed after its sunset date`);
      else add(context, "breaking", "parameter-removed", here, `parameter ${parameter.name} was removed`);
      continue;
    }
    if (!parameter.required && next.required) add(context, "breaking", "parameter-became-required", here, `parameter ${parameter.name} is now required`);
    if (parameter.required && !next.required) add(context, "non-breaking", "parameter-became-optional", here, `parameter ${parameter.name} is now optional`);
    const [before, after] = [serialization(context, 0, parameter), serialization(context, 1, next)];
    if (before !== after) add(context, "breaking", "parameter-serialization-changed", here, `${before} → ${after}: the same values are written differently`);
    compareSchemas(context, parameter.schema ?? {}, next.schema ?? {}, "request", step(here, "", "/schema"));
  }
  for (const parameter of head) {
    if (baseKeys.has(key(parameter, 1))) continue;
    const here = at(undefined, parameter);
    if (parameter.required) add(context, "breaking", "required-parameter-added", here, `new required parameter ${parameter.name}`);
    else add(context, "non-breaking", "optional-parameter-added", here, `new optional parameter ${parameter.name}`);
  }
}

type Content = Record<string, { schema?: Schema }>;
type SecurityRequirement = Record<string, string[]>;
interface Header {
  required?: boolean;
  schema?: Schema;
}
interface Response {
  content?: Content;
  headers?: Record<string, Header | { $ref: string }>;
}
type Operation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Content } | { $ref: string };
  responses?: Record<string, Response | { $ref: string }>;
  security?: SecurityRequirement[];
  deprecated?: boolean;
  "x-sunset"?: string;
  "x-permissions"?: Record<string, boolean>;
};

/** The published scenarios (`x-permissions`): a scenario no longer allowed breaks its callers; a newly allowed one does not. */
function comparePermissions(context: Context, base: Operation, head: Operation, where: Where): void {
  const before = base["x-permissions"];
  const after = head["x-permissions"];
  for (const scenario of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    // Without a published table, every scenario is allowed.
    const was = before ? before[scenario] === true : true;
    const is = after ? after[scenario] === true : true;
    const at = step(where, ` x-permissions ${scenario}`, `/x-permissions/${pointerKey(scenario)}`);
    if (was && !is) add(context, "breaking", "permission-removed", at, `the ${scenario} scenario is no longer allowed`);
    if (!was && is) add(context, "non-breaking", "permission-added", at, `the ${scenario} scenario is now allowed`);
  }
}

/**
 * Every media type of a body: one gone from a request breaks its senders, one gone from a
 * response its readers; a new one (JSON beside text, say) breaks no one; the schema of one both
 * have is compared.
 */
function compareMediaTypes(context: Context, base: Content | undefined, head: Content | undefined, direction: Direction, where: Where): void {
  const at = (type: string) => step(where, type === "application/json" ? "" : ` ${type}`, `/content/${pointerKey(type)}`);
  for (const [type, media] of Object.entries(base ?? {})) {
    const next = head?.[type];
    if (!next)
      add(
        context,
        "breaking",
        `${direction}-media-type-removed`,
        { ...at(type), label: `${where.label} ${type}`, head: where.head },
        `${type} is no longer ${direction === "request" ? "accepted" : "returned"}`,
      );
    else if (media.schema && next.schema) compareSchemas(context, media.schema, next.schema, direction, step(at(type), "", "/schema"));
  }
  for (const type of Object.keys(head ?? {})) {
    if (!(type in (base ?? {})))
      add(
        context,
        "non-breaking",
        `${direction}-media-type-added`,
        { ...at(type), label: `${where.label} ${type}`, base: where.base },
        `${type} is now ${direction === "request" ? "accepted" : "documented"}`,
      );
  }
}

/** A response's headers: one gone, or no longer always sent, breaks readers that relied on it; its schema is a response's. */
function compareHeaders(context: Context, base: Response, head: Response, where: Where): void {
  const [baseDocument, headDocument] = context.documents;
  const lower = (headers: Response["headers"]) =>
    new Map(Object.entries(headers ?? {}).map(([name, header]) => [name.toLowerCase(), { name, header }] as const));
  const before = lower(base.headers);
  const after = lower(head.headers);
  for (const [key, { name, header }] of before) {
    const next = after.get(key);
    const at = step(where, ` header ${name}`, `/headers/${pointerKey(name)}`, next ? `/headers/${pointerKey(next.name)}` : "");
    if (!next) {
      add(context, "breaking", "response-header-removed", at, `header ${name} is no longer sent`);
      continue;
    }
    const [was, is] = [follow(baseDocument, header).value as Header, follow(headDocument, next.header).value as Header];
    if (was.required === true && is.required !== true)
      add(context, "breaking", "response-header-became-optional", at, `header ${name} is no longer always sent`);
    if (was.required !== true && is.required === true) add(context, "non-breaking", "response-header-became-required", at, `header ${name} is now always sent`);
    compareSchemas(context, was.schema ?? {}, is.schema ?? {}, "response", step(at, "", "/schema"));
  }
  for (const [key, { name }] of after)
    if (!before.has(key))
      add(context, "non-breaking", "response-header-added", step(where, ` header ${name}`, "", `/headers/${pointerKey(name)}`), `new header ${name}`);
}

/**
 * The security an operation requires (its own, else the document's). Requiring credentials where
 * none were needed, or other ones, breaks callers; dropping the requirement is reported, since
 * mocks and callers must agree on it, but breaks no caller. oasdiff calls security added
 * non-breaking; it is kept breaking here: every caller without the credentials now fails.
 */
function compareSecurity(context: Context, base: SecurityRequirement[], head: SecurityRequirement[], where: Where): void {
  const schemes = (requirements: SecurityRequirement[]) => JSON.stringify(requirements.map((requirement) => Object.keys(requirement).sort()).sort());
  if (schemes(base) === schemes(head)) return;
  if (head.length === 0)
    add(context, "non-breaking", "security-removed", step(where, " security", "/security"), "the operation no longer requires credentials");
  else if (base.length === 0) add(context, "breaking", "security-added", step(where, " security", "/security"), "the operation now requires credentials");
  else add(context, "breaking", "security-changed", step(where, " security", "/security"), `security ${schemes(base)} → ${schemes(head)}`);
}

/** The body an operation takes, and the responses it gives, each in its direction (flipped for a webhook). */
function compareBodies(context: Context, base: Operation, head: Operation, where: Where, webhook: boolean): void {
  const [baseDocument, headDocument] = context.documents;
  const sent: Direction = webhook ? "response" : "request";
  const answered: Direction = webhook ? "request" : "response";
  const before = base.requestBody && (follow(baseDocument, base.requestBody).value as { required?: boolean; content?: Content });
  const after = head.requestBody && (follow(headDocument, head.requestBody).value as { required?: boolean; content?: Content });
  const body: Where = {
    label: `${where.label} body`,
    base: base.requestBody ? (follow(baseDocument, base.requestBody).ref?.slice(1) ?? `${where.base}/requestBody`) : where.base,
    head: head.requestBody ? (follow(headDocument, head.requestBody).ref?.slice(1) ?? `${where.head}/requestBody`) : where.head,
  };
  // A body counts whether or not it declares content: a required body with none is still required.
  if (before && after) {
    if (!before.required && after.required)
      add(context, sent === "request" ? "breaking" : "non-breaking", `${sent}-body-became-required`, body, "the body is now required");
    compareMediaTypes(context, before.content, after.content, sent, body);
  } else if (!before && after) {
    add(context, after.required && sent === "request" ? "breaking" : "non-breaking", `${sent}-body-added`, body, "the operation now takes a body");
  } else if (before && !after) add(context, "breaking", `${sent}-body-removed`, body, "the operation no longer takes a body");

  const baseResponses = base.responses ?? {};
  const headResponses = head.responses ?? {};
  for (const [status, reference] of Object.entries(baseResponses)) {
    const next = headResponses[status];
    const at = (side: 0 | 1, node: unknown): string =>
      node === undefined
        ? where[side === 0 ? "base" : "head"]
        : (follow(context.documents[side], node).ref?.slice(1) ?? `${where[side === 0 ? "base" : "head"]}/responses/${status}`);
    const response: Where = { label: `${where.label} response ${status}`, base: at(0, reference), head: at(1, next) };
    if (!next) {
      // As oasdiff: an error response (or `default`) no longer documented breaks no caller, who
      // must handle undocumented errors anyway; a success status gone does.
      if (isSuccessStatus(status)) add(context, "breaking", `${answered}-status-removed`, response, `status ${status} is no longer documented`);
      else add(context, "non-breaking", `${answered}-error-status-removed`, response, `status ${status} is no longer documented`);
      continue;
    }
    const [was, is] = [follow(baseDocument, reference).value as Response, follow(headDocument, next).value as Response];
    compareMediaTypes(context, was.content, is.content, answered, response);
    compareHeaders(context, was, is, response);
  }
  for (const status of Object.keys(headResponses)) {
    if (!(status in baseResponses))
      add(
        context,
        "non-breaking",
        `${answered}-status-added`,
        { label: `${where.label} response ${status}`, base: where.base, head: `${where.head}/responses/${status}` },
        `status ${status} is now documented`,
      );
  }
}

function compareOperation(
  context: Context,
  base: SpecOperation,
  head: SpecOperation,
  security: [SecurityRequirement[], SecurityRequirement[]],
  where: Where,
  webhook: boolean,
): void {
  const [before, after] = [base.operation as Operation, head.operation as Operation];
  if (!webhook) {
    const renamed = pathRenames(base.template, head.template);
    for (const [was, is] of renamed) {
      // Our own verdict: oasdiff pairs the two templates and calls a rename no change, since the
      // URL is the same; but the typed clients' path key and `params.path` name change with it,
      // and every TypeScript caller of them stops compiling.
      add(
        context,
        "breaking",
        "path-parameter-renamed",
        step(where, ` path ${was}`, ""),
        `path parameter ${was} is now ${is}: the URL is the same, the typed name is not`,
      );
    }
    compareParameters(context, [base, head], where, renamed);
    compareSecurity(context, before.security ?? security[0], after.security ?? security[1], where);
  }
  comparePermissions(context, before, after, where);
  compareBodies(context, before, after, where, webhook);
}

/** Every documentation-only difference, one change per location where such keywords differ; references followed once per pair. */
function documentationChanges(context: Context, base: unknown, head: unknown, where: Where, seen = new Set<string>()): void {
  if (!base || !head || typeof base !== "object" || typeof head !== "object") return;
  const [baseDocument, headDocument] = context.documents;
  const first = follow(baseDocument, base);
  const second = follow(headDocument, head);
  const pair = `${first.ref ?? where.label} ${second.ref ?? where.label}`;
  if (seen.has(pair)) return;
  seen.add(pair);
  const at = { label: where.label, base: first.ref?.slice(1) ?? where.base, head: second.ref?.slice(1) ?? where.head };
  for (const key of new Set([...Object.keys(first.value), ...Object.keys(second.value)])) {
    const [left, right] = [first.value[key], second.value[key]];
    if (DOCUMENTATION.has(key)) {
      if (JSON.stringify(left) !== JSON.stringify(right))
        add(context, "documentation", `${key}-changed`, step(at, `/${key}`, `/${pointerKey(key)}`), `${key} changed`);
    } else documentationChanges(context, left, right, step(at, `/${key}`, `/${pointerKey(key)}`), seen);
  }
}

/** The server URLs: a default base URL that moves, or goes, sends every caller elsewhere. */
function compareServers(context: Context, base: OpenApiDocument, head: OpenApiDocument): void {
  const urls = (document: OpenApiDocument) => (document.servers ?? []).map((server) => server.url);
  const [before, after] = [urls(base), urls(head)];
  const servers: Where = { label: "servers", base: "/servers", head: "/servers" };
  if (before[0] !== undefined && before[0] !== after[0])
    add(context, "breaking", "server-url-changed", servers, `the first server ${before[0]} → ${after[0] ?? "none"}`);
  for (const url of before.slice(1)) if (!after.includes(url)) add(context, "breaking", "server-removed", servers, `server ${url} was removed`);
  for (const url of after) if (!before.includes(url) && url !== after[0]) add(context, "non-breaking", "server-added", servers, `new server ${url}`);
}

/** A path template with its parameter names left out: `/a/{id}` and `/a/{x}` are the same URLs. */
export const routeOf = (template: string): string =>
  templatePieces(template)
    .map((piece, index) => (index % 2 === 0 ? piece : "{}"))
    .join("");

/** Base name → head name of each path parameter whose name differs between two templates of one route. */
function pathRenames(base: string, head: string): Map<string, string> {
  const [was, is] = [pathParameterNames(base), pathParameterNames(head)];
  return new Map(was.flatMap((name, index) => (is[index] !== undefined && is[index] !== name ? [[name, is[index] as string]] : [])));
}

/**
 * The operations of `paths` (or `webhooks`) of both documents, paired by method and path (or
 * name). Paths are paired as oasdiff pairs them, with the parameter names left out, so that a
 * renamed path parameter is judged as that, not as one operation removed and another added.
 */
function compareOperations(
  changes: Change[],
  documents: [OpenApiDocument, OpenApiDocument],
  items: [Record<string, PathItemObject> | undefined, Record<string, PathItemObject> | undefined],
  webhook: boolean,
): void {
  const [baseOperations, headOperations] = documents.map((document, side) => {
    const entries = specOperations(document, { items: items[side] ?? {}, anonymous: true });
    const routes = entries.map((entry) => `${entry.method} ${routeOf(entry.template)}`);
    // Two templates of one route in one document (which OpenAPI forbids) keep their names, as oasdiff's --include-path-params.
    return new Map(
      entries.map((entry, index) => [
        routes.indexOf(routes[index] as string) === routes.lastIndexOf(routes[index] as string) ? routes[index] : `${entry.method} ${entry.template}`,
        entry,
      ]),
    );
  }) as [Map<string, SpecOperation>, Map<string, SpecOperation>];
  const security = documents.map((document) => (document as { security?: SecurityRequirement[] }).security ?? []) as [
    SecurityRequirement[],
    SecurityRequirement[],
  ];
  for (const key of new Set([...baseOperations.keys(), ...headOperations.keys()])) {
    const before = baseOperations.get(key);
    const after = headOperations.get(key);
    const label = `${webhook ? "webhook " : ""}${(after ?? before)?.method.toUpperCase()} ${(after ?? before)?.template}`;
    const pointer = (entry: SpecOperation | undefined) => (entry ? `/${webhook ? "webhooks" : "paths"}/${pointerKey(entry.template)}/${entry.method}` : "");
    // An operation one side lacks has no node there: its pointer on that side is empty.
    const where: Where = { label, base: pointer(before), head: pointer(after) };
    const context: Context = { changes, operations: [after?.operationId ?? before?.operationId ?? label], documents, active: new Set() };
    const what = webhook ? "webhook" : "operation";
    if (!after && before) {
      if (sunsetPassed(before.operation as Operation))
        add(context, "non-breaking", `${what}-removed-after-sunset`, where, `the ${what} was removed after its sunset date`);
      else add(context, "breaking", `${what}-removed`, where, `the ${what} was removed`);
    } else if (!before) add(context, "non-breaking", `${what}-added`, where, `a new ${what}`);
    else if (after) {
      compareOperation(context, before, after, security, where, webhook);
      documentationChanges(context, before.operation, after.operation, where);
    }
  }
}

/** Classifies every difference between two OpenAPI documents. */
export function diffSpecs(base: OpenApiDocument, head: OpenApiDocument): Change[] {
  const changes: Change[] = [];
  const documents: [OpenApiDocument, OpenApiDocument] = [base, head];
  compareOperations(changes, documents, [base.paths, head.paths], false);
  compareOperations(changes, documents, [base.webhooks, head.webhooks], true);
  const rest: Context = { changes, operations: [], documents, active: new Set() };
  compareServers(rest, base, head);
  documentationChanges(rest, { info: base.info, tags: base.tags }, { info: head.info, tags: head.tags }, { label: "", base: "", head: "" });
  // The same change reached through a shared component is reported once per location.
  const seen = new Set<string>();
  return changes.filter((change) => {
    const id = `${change.kind} ${change.rule} ${change.location}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
