/**
 * Reduces the spec's schemas to what a validator needs: validation keywords only (descriptions,
 * examples and `x-` extensions dropped), local `$ref`s kept. A keyword the target validator does
 * not implement stops the generator with its location, so no constraint of the spec is ever
 * skipped silently.
 */
import type { JsonSchema } from "./openapi-document.ts";

/** Keywords that only document a schema; they never change what is valid. */
const ANNOTATIONS = new Set(["title", "description", "examples", "example", "default", "deprecated", "readOnly", "writeOnly", "$comment"]);

/** Keywords whose value is a schema, a list of schemas or a map of schemas. */
const SUBSCHEMA_KEYWORDS = new Set(["items", "not", "additionalProperties"]);
const SUBSCHEMA_LIST_KEYWORDS = new Set(["anyOf", "oneOf", "allOf"]);

export interface ReduceOptions {
  /** Keywords the target validator implements (besides `$ref`). */
  supported: ReadonlySet<string>;
  /** Drop `enum` where the spec marks it `x-open-enum: true` (responses may grow new values). */
  openEnums: boolean;
}

export function reduceSchema(schema: JsonSchema, options: ReduceOptions, where: string): JsonSchema {
  const reduced: JsonSchema = {};
  const openEnum = options.openEnums && schema["x-open-enum"] === true;
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword.startsWith("x-")) continue;
    if (keyword === "enum" && openEnum) continue;
    if (keyword !== "$ref" && !options.supported.has(keyword)) {
      throw new Error(`${where}: the keyword "${keyword}" is not supported by this validator; extend it before using the keyword in the spec`);
    }
    if (keyword === "properties") {
      const properties = value as Record<string, JsonSchema>;
      reduced[keyword] = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, reduceSchema(property, options, `${where}.properties.${name}`)]),
      );
    } else if (SUBSCHEMA_KEYWORDS.has(keyword) && typeof value === "object" && value !== null) {
      reduced[keyword] = reduceSchema(value as JsonSchema, options, `${where}.${keyword}`);
    } else if (SUBSCHEMA_LIST_KEYWORDS.has(keyword)) {
      reduced[keyword] = (value as JsonSchema[]).map((item, index) => reduceSchema(item, options, `${where}.${keyword}[${index}]`));
    } else {
      reduced[keyword] = value;
    }
  }
  return reduced;
}

/** The component name a local schema reference points to: `#/components/schemas/X` → `X`. */
export function schemaRefName(ref: string): string {
  const match = /^#\/components\/schemas\/([A-Za-z0-9_]+)$/.exec(ref);
  if (!match?.[1]) throw new Error(`Unsupported schema reference ${ref}: only #/components/schemas/Name is expected in a bundle`);
  return match[1];
}
