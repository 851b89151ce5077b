/** Reads enum values from the spec, so tests cover every value the contract allows. */
import { resolveRef } from "../../scripts/lib/openapi-document.ts";
import { spec } from "./spec.ts";

interface Parameter {
  name: string;
  in: string;
  schema?: { $ref?: string; enum?: string[]; items?: { $ref?: string; enum?: string[] } };
}

/** The enum values of a query parameter (of its items, for an array parameter). */
export function parameterEnum(path: string, method: "get" | "patch", name: string): string[] {
  const operation = spec.paths[path]?.[method];
  const parameters = (operation?.parameters ?? []).map((p) => resolveRef<Parameter>(spec, p as Parameter));
  const parameter = parameters.find((p) => p.name === name && p.in === "query");
  if (!parameter?.schema) throw new Error(`No query parameter ${name} on ${method.toUpperCase()} ${path}`);
  const schema = resolveRef<{ enum?: string[]; items?: { $ref?: string; enum?: string[] } }>(spec, parameter.schema as { $ref: string });
  const target = schema.items ? resolveRef<{ enum?: string[] }>(spec, schema.items as { $ref: string }) : schema;
  if (!target.enum) throw new Error(`${name} has no enum`);
  return target.enum;
}
