/**
 * Requests generated from the spec's own request rules, repeatable from a seed: valid ones (the
 * simplest, then each constraint's edges, then random mixes of the optional inputs) and invalid
 * ones, each breaking exactly one constraint and saying which input it broke (the `loc` the API
 * must name). `verify` sends them to a deployment; the property tests (test/conformance) draw from
 * the same functions. No dependency: a small seeded generator, so the shipped code needs nothing else.
 */
import type { OperationRules, RuleSchema } from "../spec/operation-table.ts";

export interface GeneratedRequest {
  operationId: string;
  /** Path parameters, header values and query values as the caller means them (before serialization). */
  path: Record<string, string>;
  header: Record<string, string>;
  query: Record<string, unknown>;
  /** A JSON body, or `{ text }` for a body that is not JSON at all. */
  body?: { json: unknown } | { text: string };
  /** For an invalid request: where the broken input is, as the API's `loc` starts. */
  broken?: (string | number)[];
  /** For an invalid request: the constraint it breaks, `location.name.keyword` (`query.limit.maximum`, `query.statuses.items.enum`, `body.archived.type`). */
  constraint?: string;
  /** What the request is, for people: `valid (edges: maximum)`, `query limit above 100`. */
  label: string;
}

/** A seeded pseudo-random source (mulberry32 over a hash of the seed text). */
export interface Random {
  next(): number;
  integer(min: number, max: number): number;
  pick<T>(values: readonly T[]): T;
}

export function seededRandom(seed: string): Random {
  let state = 2166136261;
  for (const character of seed) state = Math.imul(state ^ character.charCodeAt(0), 16777619);
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (values) => values[Math.floor(next() * values.length)] as (typeof values)[number],
  };
}

const types = (schema: RuleSchema): string[] => ([] as string[]).concat(schema.type ?? []);
/** The JSON type of a value, as a schema names it. */
const kindOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value;
/** Characters that stress encoding and counting: URL delimiters, accents, astral, CJK. */
const CHARACTERS = ["a", "Z", "0", " ", "é", "中", "😀", "&", "=", "%", "+", "/", "?", "#"];

function uuid(random: Random): string {
  const hex = (count: number) => Array.from({ length: count }, () => random.integer(0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

/** Which end of each constraint a value takes: the lower edge, the upper edge, or anywhere between. */
export type Edge = "low" | "high" | "any";

/** A value the schema accepts. */
function validValue(schema: RuleSchema, random: Random, edge: Edge = "any"): unknown {
  if (schema.enum) {
    const values = schema.enum.filter((value) => value !== null);
    return edge === "low" ? values[0] : edge === "high" ? values[values.length - 1] : random.pick(values);
  }
  const kinds = types(schema);
  if (kinds.includes("array")) {
    const min = Math.max(1, schema.minItems ?? 0);
    const length = edge === "low" ? min : edge === "high" ? min + 3 : random.integer(min, min + 3);
    return Array.from({ length }, () => validValue(schema.items ?? {}, random, edge));
  }
  if (kinds.includes("object")) return validObject(schema, random, edge === "low" ? "required" : "all", edge);
  if (kinds.includes("integer") || kinds.includes("number")) {
    const min = schema.minimum ?? (schema.maximum !== undefined ? Math.min(0, schema.maximum) : 0);
    const max = schema.maximum ?? min + 1_000;
    return edge === "low" ? min : edge === "high" ? max : random.integer(min, max);
  }
  if (kinds.includes("boolean")) return edge === "low" ? false : edge === "high" ? true : random.next() < 0.5;
  if (schema.format === "uuid") return uuid(random);
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 40);
  const length = edge === "low" ? min : edge === "high" ? max : random.integer(min, Math.min(max, min + 40));
  return Array.from({ length }, () => random.pick(CHARACTERS)).join("");
}

/** An object of the schema: its required properties, and with `all` its optional ones too (with `any`, some). */
function validObject(schema: RuleSchema | undefined, random: Random, which: "required" | "all" | "some", edge: Edge): Record<string, unknown> {
  const required = new Set(schema?.required ?? []);
  const entries = Object.entries(schema?.properties ?? {}).filter(
    ([name]) => required.has(name) || which === "all" || (which === "some" && random.next() < 0.5),
  );
  return Object.fromEntries(entries.map(([name, property]) => [name, validValue(property, random, edge)]));
}

export interface RequestContext {
  /** The values of the bound headers (the organizations), by header name. */
  header: Record<string, string>;
  /** Fixed path parameter values (an existing id to read), by name; generated otherwise. */
  path?: Record<string, string>;
}

function validRequestAt(
  operationId: string,
  rules: OperationRules,
  context: RequestContext,
  random: Random,
  which: "required" | "all" | "some",
  edge: Edge,
  label: string,
): GeneratedRequest {
  const path = { ...(validObject(rules.parameters.path, random, "required", edge) as Record<string, string>), ...context.path };
  return {
    operationId,
    path,
    header: { ...context.header },
    query: validObject(rules.parameters.query, random, which, edge),
    ...(rules.body && { body: { json: validValue(rules.body.schema, random, edge) } }),
    label,
  };
}

/** `count` valid requests: the simplest, both edges of every constraint, then random mixes. */
export function validRequests(operationId: string, rules: OperationRules, context: RequestContext, random: Random, count: number): GeneratedRequest[] {
  const planned: [which: "required" | "all" | "some", edge: Edge, label: string][] = [
    ["required", "low", "valid: required inputs only, lower edges"],
    ["all", "high", "valid: every input, upper edges"],
    ["all", "low", "valid: every input, lower edges"],
  ];
  return Array.from({ length: count }, (_, index) => {
    const [which, edge, label] = planned[index] ?? ["some", "any", `valid: random mix #${index - planned.length + 1}`];
    return validRequestAt(operationId, rules, context, random, which, edge, label);
  });
}

/**
 * Ways to break one value of a schema, each still something a caller could send, with the keyword
 * it breaks. Never a value the server's lax parsing reads as valid (`yes`, `1`, `True` are booleans
 * to it). `minItems` of a query array cannot be broken on the wire: no item is no parameter, which
 * is `required`'s case.
 */
function brokenValues(schema: RuleSchema, random: Random): { value: unknown; label: string; keyword: string; index?: number }[] {
  const kinds = types(schema);
  const found: { value: unknown; label: string; keyword: string; index?: number }[] = [];
  if (schema.enum) found.push({ value: "not_a_listed_value", label: "a value outside the enum", keyword: "enum" });
  if (kinds.includes("array") && schema.items) {
    for (const item of brokenValues(schema.items, random))
      found.push({
        value: [validValue(schema.items, random, "low"), item.value],
        label: `an item that is ${item.label}`,
        keyword: `items.${item.keyword}`,
        index: 1,
      });
  }
  if (kinds.includes("integer")) {
    // Just past the bound, as the lengths below: a server whose bound is looser by any amount
    // accepts it, every run, where a value further out would find it only by chance.
    if (schema.maximum !== undefined) found.push({ value: schema.maximum + 1, label: `above the maximum ${schema.maximum}`, keyword: "maximum" });
    if (schema.minimum !== undefined) found.push({ value: schema.minimum - 1, label: `below the minimum ${schema.minimum}`, keyword: "minimum" });
    found.push(
      { value: random.pick(["ten", "1e3", ""]), label: "not an integer", keyword: "type" },
      { value: random.integer(1, 998) + 0.5, label: "a fraction", keyword: "type" },
    );
  }
  if (kinds.includes("boolean")) found.push({ value: random.pick(["maybe", "2", "yes please"]), label: "not a boolean", keyword: "type" });
  if (schema.format === "uuid") {
    // Not a UUID in any form the server reads: 31 hex digits, a letter outside hex, no hex at all.
    const near = ["not-a-uuid", "123", "c9b1f0d18d3f4cfa91b89f9b0c5e2a7", "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a7z"];
    found.push({ value: random.pick(near), label: "not a UUID", keyword: "format" });
  }
  if (kinds.includes("string") && !schema.enum) {
    if (schema.maxLength !== undefined)
      found.push({ value: "a".repeat(schema.maxLength + 1), label: `longer than ${schema.maxLength} characters`, keyword: "maxLength" });
    if ((schema.minLength ?? 0) > 0) found.push({ value: "", label: `shorter than ${schema.minLength} characters`, keyword: "minLength" });
  }
  return found;
}

/** One invalid request per constraint of every input: each breaks exactly one and names it. */
export function invalidRequests(
  operationId: string,
  rules: OperationRules,
  headerRules: RuleSchema | undefined,
  context: RequestContext,
  random: Random,
): GeneratedRequest[] {
  const base = validRequestAt(operationId, rules, context, random, "required", "low", "");
  const found: GeneratedRequest[] = [];
  const locations = { path: rules.parameters.path, query: rules.parameters.query, header: headerRules } as const;
  for (const [location, schema] of Object.entries(locations) as ["path" | "query" | "header", RuleSchema | undefined][]) {
    for (const [name, property] of Object.entries(schema?.properties ?? {})) {
      for (const broken of brokenValues(property, random)) {
        found.push({
          ...base,
          [location]: { ...base[location], [name]: broken.value },
          broken: broken.index === undefined ? [location, name] : [location, name, broken.index],
          constraint: `${location}.${name}.${broken.keyword}`,
          label: `${location} ${name} ${broken.label}`,
        });
      }
      if (schema?.required?.includes(name) && location !== "path") {
        const { [name]: _removed, ...rest } = base[location];
        found.push({ ...base, [location]: rest, broken: [location, name], constraint: `${location}.${name}.required`, label: `${location} ${name} missing` });
      }
    }
  }
  if (rules.body) {
    const schema = rules.body.schema;
    const body = (json: unknown, constraint: string, label: string): GeneratedRequest => ({ ...base, body: { json }, broken: ["body"], constraint, label });
    const text = random.pick(["{", "key=value", "{'single': true}", "[true"]);
    found.push({ ...base, body: { text }, broken: ["body"], constraint: "body.json", label: "body that is not JSON" });
    found.push(body(random.pick<unknown>([42, "text", null, [true]]), "body.type", "body that is not an object"));
    if (schema.required?.length) found.push(body({}, "body.required", "body without its required fields"));
    const valid = validObject(schema, random, "required", "low");
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      // Never a value the server's lax parsing reads as the right type: `"yes"`, `"true"`, `1` and `0` are booleans to it.
      const wrong = ["maybe", 1.5, null, [true], { nested: true }].filter((value) => !types(property).includes(kindOf(value)));
      found.push(body({ ...valid, [name]: random.pick(wrong) }, `body.${name}.type`, `body ${name} of the wrong type`));
    }
  }
  return found;
}

/** A path value that cannot address any resource but the one it fails as: no `.`, `/`, `%` or other delimiter. */
const INERT_PATH_VALUE = /^[0-9A-Za-z-]*$/;

/**
 * The invalid requests `verify` sends for an operation: one per constraint of every input, in an
 * order that starves no input ({@link interleaved}). For an operation that writes, a broken path
 * value is sent only when it is letters, digits and hyphens (a malformed UUID): it is no id of any
 * resource, and cannot reach another path (`..`, `/`, an escape) either.
 */
export function negativePlan(
  operationId: string,
  rules: OperationRules,
  headerRules: RuleSchema | undefined,
  context: RequestContext,
  random: Random,
  writes: boolean,
): GeneratedRequest[] {
  const inert = (request: GeneratedRequest) => Object.values(request.path).every((value) => INERT_PATH_VALUE.test(value));
  return interleaved(
    invalidRequests(operationId, rules, headerRules, context, random).filter((request) => !writes || request.broken?.[0] !== "path" || inert(request)),
  );
}

/**
 * The requests in an order that starves no input when the list is cut short: one per location
 * (path, query, header, body) in turn, and within a location one per parameter in turn.
 */
export function interleaved(requests: readonly GeneratedRequest[]): GeneratedRequest[] {
  const groups = new Map<string, Map<string, GeneratedRequest[]>>();
  for (const request of requests) {
    const [location = "", name = ""] = String(request.constraint ?? "").split(".");
    const byName = groups.get(location) ?? groups.set(location, new Map()).get(location)!;
    (byName.get(name) ?? byName.set(name, []).get(name)!).push(request);
  }
  const queues = [...groups.values()].map((byName) => {
    const lists = [...byName.values()];
    const out: GeneratedRequest[] = [];
    for (let round = 0; out.length < lists.reduce((total, list) => total + list.length, 0); round++)
      for (const list of lists) if (list[round]) out.push(list[round] as GeneratedRequest);
    return out;
  });
  const result: GeneratedRequest[] = [];
  for (let round = 0; result.length < requests.length; round++) for (const queue of queues) if (queue[round]) result.push(queue[round] as GeneratedRequest);
  return result;
}
