/**
 * Checks a value against a request schema of `generated/operations.js` and reports each
 * invalid input the way the API (FastAPI with pydantic) does: `{ loc, msg, type, input, ctx }`.
 * The same function backs the client's input checks and the mocks' request validation, so they
 * agree on what is valid. It runs in browsers inside the client bundle, so it implements only the
 * keywords the spec's requests use; the generator refuses a spec that uses any other.
 */
import type { RuleSchema, RuleType } from "../spec/operation-table.ts";
import type { ErrorDetail } from "../../generated/types.js";
import { isUuid } from "../spec/formats.ts";

export type Loc = (string | number)[];

/** The JSON types a schema allows; `type: ["boolean", "null"]` gives both. */
export const schemaTypes = (schema: RuleSchema | undefined): readonly RuleType[] => ([] as RuleType[]).concat(schema?.type ?? []);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const isType = (type: RuleType, value: unknown): boolean =>
  type === "integer"
    ? Number.isInteger(value)
    : type === "number"
      ? Number.isFinite(value)
      : type === "null"
        ? value === null
        : type === "array"
          ? Array.isArray(value)
          : type === "object"
            ? isObject(value)
            : typeof value === type;

/** pydantic's error type prefix and noun per JSON type, and why a string (from a URL) did not parse. */
const TYPE_ERRORS: Record<RuleType, [prefix: string, noun: string, unparsable?: string]> = {
  integer: ["int", "integer", "parse string as an integer"],
  number: ["float", "number", "parse string as a number"],
  boolean: ["bool", "boolean", "interpret input"],
  string: ["string", "string"],
  array: ["list", "list"],
  object: ["model_attributes", "dictionary or object to extract fields from"],
  null: ["none_required", "None"],
};

/** Size constraints: keyword, pydantic error type, message start, `ctx` key, and whether it is a lower bound. */
const BOUNDS = [
  ["minimum", "greater_than_equal", "Input should be greater than or equal to", "ge", true],
  ["maximum", "less_than_equal", "Input should be less than or equal to", "le", false],
  ["minLength", "string_too_short", "String should have at least", "min_length", true],
  ["maxLength", "string_too_long", "String should have at most", "max_length", false],
  ["minItems", "too_short", "List should have at least", "min_length", true],
] as const;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Whether `value` is of the schema's type (any of them, for a list of types). */
function hasType(type: RuleType | readonly RuleType[] | undefined, value: unknown): boolean {
  if (type === undefined) return true;
  if (typeof type === "string") return isType(type, value);
  for (const one of type) if (isType(one, value)) return true;
  return false;
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
/** Length in code points, as pydantic and JSON Schema count (not UTF-16 units); a lone surrogate counts as one. */
const codePoints = (text: string): number => text.length - (text.match(SURROGATE_PAIR)?.length ?? 0);

// `undefined`, not `void`: `return fail(…)` ends a check with its one error.
function fail(issues: ErrorDetail[], loc: Loc, input: unknown, type: string, msg: string, ctx?: Record<string, unknown>): undefined {
  issues.push({ loc: [...loc], msg, type, input, ...(ctx && { ctx }) });
}

/**
 * Appends one error item per invalid input under `value` to `issues`, and says whether there was
 * none. `input` is the value as the caller sent it (the raw strings of a URL, when `value` is their
 * parsed form). `closed` refuses keys of `value` itself that the schema does not list
 * (`additionalProperties: false` at the top).
 */
export function checkValue(schema: RuleSchema, value: unknown, loc: Loc, issues: ErrorDetail[], input: unknown = value, closed = false): boolean {
  const before = issues.length;
  check(schema, value, [...loc], issues, input, closed);
  return issues.length === before;
}

/**
 * `checkValue` on a `path` that it extends and restores in place, so that a valid input, the
 * common case on every client call, allocates nothing; locations are copied only into errors.
 */
function check(schema: RuleSchema, value: unknown, path: Loc, issues: ErrorDetail[], input: unknown, closed?: boolean): undefined {
  if (!hasType(schema.type, value)) {
    const types = schemaTypes(schema);
    const [prefix, noun, unparsable] = TYPE_ERRORS[types.find((type) => type !== "null") ?? "null"];
    if (noun === "integer" && typeof value === "number") {
      return fail(issues, path, input, "int_from_float", "Input should be a valid integer, got a number with a fractional part");
    }
    const parsing = unparsable && typeof value === "string";
    return fail(
      issues,
      path,
      input,
      `${prefix}_${parsing ? "parsing" : "type"}`,
      `Input should be a valid ${noun}${parsing ? `, unable to ${unparsable}` : ""}`,
    );
  }
  if (value === null) return;
  if (schema.enum && !schema.enum.includes(value as string)) {
    // pydantic lists the literals as 'a', 'b' or 'c'.
    const expected = schema.enum
      .map((literal) => `'${String(literal)}'`)
      .join(", ")
      .replace(/, ([^,]*)$/, " or $1");
    return fail(issues, path, input, "enum", `Input should be ${expected}`, { expected });
  }
  const list = Array.isArray(value);
  const text = typeof value === "string";
  let size: number | undefined;
  for (const [keyword, type, words, key, lower] of BOUNDS) {
    const bound = schema[keyword];
    if (bound === undefined) continue;
    const applies = keyword.endsWith("imum") ? typeof value === "number" : keyword.endsWith("Length") ? text : list;
    if (!applies) continue;
    size ??= text ? codePoints(value) : list ? value.length : (value as number);
    if (lower ? size >= bound : size <= bound) continue;
    if (!list) return fail(issues, path, input, type, `${words} ${text ? plural(bound, "character") : bound}`, { [key]: bound });
    return fail(issues, path, input, type, `${words} ${plural(bound, "item")} after validation, not ${size}`, {
      field_type: "List",
      [key]: bound,
      actual_length: size,
    });
  }
  if (schema.format === "uuid" && text && !isUuid(value)) return fail(issues, path, input, "uuid_parsing", "Input should be a valid UUID");
  if (list && schema.items) {
    const raw = Array.isArray(input) ? input : value;
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      check(schema.items, value[index], path, issues, raw[index]);
      path.pop();
    }
  }
  if (isObject(value)) {
    const raw = isObject(input) ? input : value;
    const properties = schema.properties ?? {};
    for (const name in properties) {
      path.push(name);
      if (value[name] !== undefined) check(properties[name] as RuleSchema, value[name], path, issues, raw[name]);
      else if (schema.required?.includes(name)) fail(issues, path, null, "missing", "Field required");
      path.pop();
    }
    if (schema.additionalProperties === false || closed) {
      for (const name of Object.keys(value)) {
        if (Object.hasOwn(properties, name)) continue;
        path.push(name);
        fail(issues, path, raw[name], "extra_forbidden", "Extra inputs are not permitted");
        path.pop();
      }
    }
  }
}
