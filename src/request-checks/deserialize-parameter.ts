/**
 * Turns raw query, header and path strings into the JSON values their schemas describe, the way
 * FastAPI does before it validates them, so that schema validation judges values and not strings.
 * A value that cannot be converted is left as the raw string: the validator then reports the type
 * error (`int_parsing`, `bool_parsing`) with the input exactly as the caller sent it.
 */
import type { RuleSchema } from "../spec/operation-table.ts";
import { canonicalUuid } from "../spec/formats.ts";
import { schemaTypes } from "./check-value.ts";

/** Values pydantic accepts for a boolean (case-insensitive). */
const TRUE_WORDS = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE_WORDS = new Set(["0", "off", "f", "false", "n", "no"]);

/** Converts one raw string to the first of the schema's scalar types it can represent. */
function deserializeScalar(raw: string, schema: RuleSchema | undefined): unknown {
  const types = schemaTypes(schema);
  if (types.includes("integer") && /^[+-]?\d+$/.test(raw.trim())) return Number(raw.trim());
  if (types.includes("number") && raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  if (types.includes("boolean")) {
    const word = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  // The server reads a UUID in any of its forms (braces, no hyphens, upper case) as the same UUID.
  if (schema?.format === "uuid") return canonicalUuid(raw) ?? raw;
  return raw;
}

/**
 * Deserializes the values received for one parameter. Arrays are repeated keys (`style: form`,
 * `explode: true`); for a scalar sent more than once the last value wins, as in FastAPI.
 * Returns `undefined` when the parameter is absent.
 */
export function deserializeParameter(values: readonly string[], schema: RuleSchema | undefined, itemSchema: RuleSchema | undefined): unknown {
  if (values.length === 0) return undefined;
  if (schemaTypes(schema).includes("array")) return values.map((value) => deserializeScalar(value, itemSchema));
  return deserializeScalar(values[values.length - 1] as string, schema);
}

/**
 * A JSON body's values as the server's lax parsing reads them: a boolean field also takes
 * `"yes"`, `"off"`, `"True"` (the words above, any case) and the numbers `0` and `1`. Anything
 * else is left as sent, for the checks to report.
 */
export function deserializeJsonValue(value: unknown, schema: RuleSchema | undefined): unknown {
  const types = schemaTypes(schema);
  if (types.includes("boolean") && typeof value !== "boolean") {
    if (value === 0 || value === 1) return value === 1;
    if (typeof value === "string" && TRUE_WORDS.has(value.toLowerCase())) return true;
    if (typeof value === "string" && FALSE_WORDS.has(value.toLowerCase())) return false;
  }
  const properties = schema?.properties;
  if (properties && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const read: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const name of Object.keys(properties)) if (Object.hasOwn(read, name)) read[name] = deserializeJsonValue(read[name], properties[name]);
    return read;
  }
  return value;
}
