/**
 * Checks a value against a request schema of `generated/request-rules.js` and reports each
 * invalid input the way the API (FastAPI with pydantic) does: `{ loc, msg, type, code, input, ctx }`.
 * The same function backs the client's input checks and the mocks' request validation, so they
 * agree on what is valid. It is deliberately small: it runs in browsers, inside the client bundle,
 * and the generator refuses any schema keyword it does not implement.
 */
import type { RuleSchema, RuleType } from "../../generated/request-rules.js";
import type { ErrorDetail } from "../../generated/types.js";

export type Loc = (string | number)[];

// The `uuid` format of JSON Schema validators (ajv-formats), so client, mock and spec agree.
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function hasType(type: RuleType, value: unknown): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return typeof value === type;
  }
}

/** pydantic's error type and message for a value of the wrong type (strings come from URLs). */
function typeError(type: RuleType | undefined, value: unknown): [string, string] {
  const text = typeof value === "string";
  switch (type) {
    case "integer":
      if (typeof value === "number") return ["int_from_float", "Input should be a valid integer, got a number with a fractional part"];
      return text ? ["int_parsing", "Input should be a valid integer, unable to parse string as an integer"] : ["int_type", "Input should be a valid integer"];
    case "number":
      return text ? ["float_parsing", "Input should be a valid number, unable to parse string as a number"] : ["float_type", "Input should be a valid number"];
    case "boolean":
      return text ? ["bool_parsing", "Input should be a valid boolean, unable to interpret input"] : ["bool_type", "Input should be a valid boolean"];
    case "array":
      return ["list_type", "Input should be a valid list"];
    case "object":
      return ["model_attributes_type", "Input should be a valid dictionary or object to extract fields from"];
    default:
      return ["string_type", "Input should be a valid string"];
  }
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** `'a', 'b' or 'c'`, pydantic's way of listing the expected literals. */
const expectedList = (values: readonly unknown[]): string =>
  values.map((value) => `'${String(value)}'`).join(", ").replace(/, ([^,]*)$/, " or $1");

/**
 * Appends one error item per invalid input under `value` to `issues`. `input` is the value as the
 * caller sent it (the raw strings of a URL, when `value` is their parsed form).
 */
export function checkValue(schema: RuleSchema, value: unknown, loc: Loc, issues: ErrorDetail[], input: unknown = value): void {
  const fail = (type: string, msg: string, ctx?: Record<string, unknown>): void => {
    issues.push(ctx ? { loc, msg, type, code: type, input, ctx } : { loc, msg, type, code: type, input });
  };
  const types = schema.type === undefined ? [] : ([] as RuleType[]).concat(schema.type);
  if (types.length > 0 && !types.some((type) => hasType(type, value))) {
    return fail(...typeError(types.find((type) => type !== "null"), value));
  }
  if (value === null) return;
  if (schema.enum && !schema.enum.includes(value as string)) {
    const expected = expectedList(schema.enum);
    return fail("enum", `Input should be ${expected}`, { expected });
  }
  if (typeof value === "number") return checkNumber(schema, value, fail);
  if (typeof value === "string") return checkString(schema, value, fail);
  if (Array.isArray(value)) {
    const count = value.length;
    const bound = (type: string, word: string, key: string, limit: number): void =>
      fail(type, `List should have ${word} ${plural(limit, "item")} after validation, not ${count}`, { field_type: "List", [key]: limit, actual_length: count });
    if (schema.minItems !== undefined && count < schema.minItems) return bound("too_short", "at least", "min_length", schema.minItems);
    if (schema.maxItems !== undefined && count > schema.maxItems) return bound("too_long", "at most", "max_length", schema.maxItems);
    const raw = Array.isArray(input) ? input : value;
    if (schema.items) value.forEach((item, index) => checkValue(schema.items as RuleSchema, item, [...loc, index], issues, raw[index]));
    return;
  }
  if (isObject(value)) checkObject(schema, value, loc, issues, isObject(input) ? input : value);
}

type Fail = (type: string, msg: string, ctx?: Record<string, unknown>) => void;

function checkNumber(schema: RuleSchema, value: number, fail: Fail): void {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  if (minimum !== undefined && value < minimum) fail("greater_than_equal", `Input should be greater than or equal to ${minimum}`, { ge: minimum });
  else if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) fail("greater_than", `Input should be greater than ${exclusiveMinimum}`, { gt: exclusiveMinimum });
  else if (maximum !== undefined && value > maximum) fail("less_than_equal", `Input should be less than or equal to ${maximum}`, { le: maximum });
  else if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) fail("less_than", `Input should be less than ${exclusiveMaximum}`, { lt: exclusiveMaximum });
}

function checkString(schema: RuleSchema, value: string, fail: Fail): void {
  // Lengths count code points, as pydantic and JSON Schema do (not UTF-16 units).
  const length = schema.minLength !== undefined || schema.maxLength !== undefined ? [...value].length : 0;
  if (schema.minLength !== undefined && length < schema.minLength) {
    fail("string_too_short", `String should have at least ${plural(schema.minLength, "character")}`, { min_length: schema.minLength });
  } else if (schema.maxLength !== undefined && length > schema.maxLength) {
    fail("string_too_long", `String should have at most ${plural(schema.maxLength, "character")}`, { max_length: schema.maxLength });
  } else if (schema.format === "uuid" && !UUID.test(value)) {
    fail("uuid_parsing", "Input should be a valid UUID");
  } else if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
    fail("string_pattern_mismatch", `String should match pattern '${schema.pattern}'`, { pattern: schema.pattern });
  }
}

function checkObject(schema: RuleSchema, value: Record<string, unknown>, loc: Loc, issues: ErrorDetail[], raw: Record<string, unknown>): void {
  const properties = schema.properties ?? {};
  for (const [name, property] of Object.entries(properties)) {
    if (value[name] !== undefined) checkValue(property, value[name], [...loc, name], issues, raw[name]);
    else if (schema.required?.includes(name)) issues.push({ loc: [...loc, name], msg: "Field required", type: "missing", code: "missing", input: null });
  }
  if (schema.additionalProperties === false) {
    for (const name of Object.keys(value)) {
      if (!(name in properties)) issues.push({ loc: [...loc, name], msg: "Extra inputs are not permitted", type: "extra_forbidden", code: "extra_forbidden", input: raw[name] });
    }
  }
}
