/**
 * Turns raw query, header and path strings into the JSON values their schemas describe, the way
 * FastAPI does before it validates them, so that schema validation judges values and not strings.
 * A value that cannot be converted is left as the raw string: the validator then reports the type
 * error (`int_parsing`, `bool_parsing`) with the input exactly as the caller sent it.
 */
import type { RuleSchema } from "../../generated/operations.js";
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
