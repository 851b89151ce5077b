/** Reads enum values from the operation table, so tests cover every value the contract allows. */
import { requestRules } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";

/** The enum values of a query parameter (of its items, for an array parameter). */
export function parameterEnum(operationId: OperationId, name: string): string[] {
  const schema = requestRules[operationId].parameters.query?.properties?.[name];
  if (!schema) throw new Error(`No query parameter ${name} on ${operationId}`);
  const values = (schema.items ?? schema).enum;
  if (!values) throw new Error(`${name} of ${operationId} has no enum`);
  return values.map(String);
}
