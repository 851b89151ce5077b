/**
 * Maps JSON Schema (Ajv) errors to the API's error items, in FastAPI's request-validation format:
 * `{ loc, msg, type, code, input, ctx }`, with pydantic's error types and messages, so that a mock
 * or a client check reports an invalid input exactly as the real server would.
 */
import type { ErrorObject } from "ajv";

export type Location = "query" | "header" | "path" | "body";

export interface ValidationErrorDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
  code: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** `'a', 'b' or 'c'`, pydantic's way of listing expected literals. */
function expectedList(values: readonly unknown[]): string {
  const quoted = values.map((value) => `'${String(value)}'`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

interface Described {
  type: string;
  msg: string;
  ctx?: Record<string, unknown>;
}

function describe(error: ErrorObject, input: unknown): Described {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { type: "missing", msg: "Field required" };
    case "maximum":
      return { type: "less_than_equal", msg: `Input should be less than or equal to ${params["limit"]}`, ctx: { le: params["limit"] } };
    case "minimum":
      return { type: "greater_than_equal", msg: `Input should be greater than or equal to ${params["limit"]}`, ctx: { ge: params["limit"] } };
    case "exclusiveMaximum":
      return { type: "less_than", msg: `Input should be less than ${params["limit"]}`, ctx: { lt: params["limit"] } };
    case "exclusiveMinimum":
      return { type: "greater_than", msg: `Input should be greater than ${params["limit"]}`, ctx: { gt: params["limit"] } };
    case "minLength": {
      const limit = Number(params["limit"]);
      return { type: "string_too_short", msg: `String should have at least ${plural(limit, "character")}`, ctx: { min_length: limit } };
    }
    case "maxLength": {
      const limit = Number(params["limit"]);
      return { type: "string_too_long", msg: `String should have at most ${plural(limit, "character")}`, ctx: { max_length: limit } };
    }
    case "minItems":
      return describeListLength("too_short", "at least", "min_length", Number(params["limit"]), input);
    case "maxItems":
      return describeListLength("too_long", "at most", "max_length", Number(params["limit"]), input);
    case "enum": {
      const expected = expectedList((params["allowedValues"] as unknown[]) ?? []);
      return { type: "enum", msg: `Input should be ${expected}`, ctx: { expected } };
    }
    case "pattern":
      return { type: "string_pattern_mismatch", msg: `String should match pattern '${params["pattern"]}'`, ctx: { pattern: params["pattern"] } };
    case "format":
      if (params["format"] === "uuid") return { type: "uuid_parsing", msg: "Input should be a valid UUID" };
      if (params["format"] === "email") return { type: "value_error", msg: "value is not a valid email address" };
      return { type: "value_error", msg: `Input should be a valid ${String(params["format"])}` };
    case "type":
      return describeType(String(params["type"]));
    default:
      return { type: error.keyword, msg: error.message ?? `Input failed the ${error.keyword} check` };
  }
}

function describeListLength(type: string, bound: string, ctxKey: string, limit: number, input: unknown): Described {
  const actual = Array.isArray(input) ? input.length : 0;
  return {
    type,
    msg: `List should have ${bound} ${plural(limit, "item")} after validation, not ${actual}`,
    ctx: { field_type: "List", [ctxKey]: limit, actual_length: actual },
  };
}

function describeType(expected: string): Described {
  if (expected.includes("integer")) return { type: "int_parsing", msg: "Input should be a valid integer, unable to parse string as an integer" };
  if (expected.includes("number")) return { type: "float_parsing", msg: "Input should be a valid number, unable to parse string as a number" };
  if (expected.includes("boolean")) return { type: "bool_parsing", msg: "Input should be a valid boolean, unable to interpret input" };
  if (expected.includes("object")) return { type: "model_attributes_type", msg: "Input should be a valid dictionary or object to extract fields from" };
  if (expected.includes("array")) return { type: "list_type", msg: "Input should be a valid list" };
  return { type: "string_type", msg: "Input should be a valid string" };
}

/** JSON Pointer (`/statuses/0`) to path segments (`["statuses", 0]`). */
function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  return segments.reduce<unknown>(
    (node, key) => (node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined),
    root,
  );
}

/**
 * Converts the Ajv errors of one request part into error items. `data` is what was validated;
 * `raw` is the same part as received (strings), reported as `input`; `names` maps the validated
 * property names back to the parameter names of the spec (headers are matched case-insensitively).
 * For an `anyOf` (a nullable or open type), only the most specific branch error is kept.
 */
export function toErrorDetails(
  location: Location,
  errors: readonly ErrorObject[],
  data: unknown,
  raw: unknown,
  names: ReadonlyMap<string, string> = new Map(),
): ValidationErrorDetail[] {
  const details: ValidationErrorDetail[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === "anyOf" || error.keyword === "oneOf" || error.keyword === "if") continue;
    const segments = pointerSegments(error.instancePath);
    if (error.keyword === "required") segments.push(String((error.params as { missingProperty: string }).missingProperty));
    const [first, ...rest] = segments;
    const named = first === undefined ? [] : [names.get(String(first)) ?? first, ...rest];
    const key = JSON.stringify(named);
    if (seen.has(key)) continue; // one item per input, as FastAPI reports it
    seen.add(key);
    const described = describe(error, valueAt(data, segments));
    const input = error.keyword === "required" ? null : valueAt(raw, segments);
    details.push({
      loc: location === "body" ? ["body", ...named] : [location, ...named],
      msg: described.msg,
      type: described.type,
      code: described.type,
      input,
      ...(described.ctx ? { ctx: described.ctx } : {}),
    });
  }
  return details;
}
