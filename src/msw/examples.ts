/**
 * The spec's named examples as the in-process mock serves them, from the operation table: the
 * error bodies of the stateful handlers (their 401, 403 and 404) and every response of an
 * operation that has no stateful handler, and the scenario a `Prefer` header asks for of any
 * (`Prefer: example=archived`, `Prefer: code=404, example=connectionNotFound`; read by the one
 * admission, admission/prefer.ts).
 */
import { operationTable } from "../../generated/operations.js";
import type { ResponseEntry } from "../spec/operation-table.ts";
import type { OperationId } from "../../generated/types.js";

const json = (status: number, body: unknown): Response => Response.json(body, { status });

/** A body for a scenario the spec cannot answer, in the API's error shape. */
const unanswerable = (msg: string): Response => json(501, { detail: [{ loc: [], msg, type: "mock", code: "mock_no_example" }] });

function responseOf(operation: OperationId, status: number): ResponseEntry | undefined {
  const entry = operationTable[operation];
  return status === entry.success.status ? entry.success : entry.errors[String(status)];
}

/** The named example `name` (the first when not given) of a declared response, as a Response. */
export function exampleResponse(operation: OperationId, status: number, name?: string): Response {
  const response = responseOf(operation, status);
  if (!response) return unanswerable(`${operation} declares no ${status} response`);
  const names = Object.keys(response.examples);
  const chosen = name ?? names[0];
  const example = chosen === undefined ? undefined : response.examples[chosen];
  if (!example) {
    return unanswerable(
      chosen === undefined
        ? `${operation} has no named example for ${status}`
        : `${operation} has no ${status} example named "${chosen}" (it has: ${names.join(", ")})`,
    );
  }
  return json(status, example.value);
}
