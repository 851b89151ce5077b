/**
 * fast-check arbitraries of requests, drawing from the shipped generator of src/contract (the one
 * `verify` sends to deployments): fast-check chooses the seed and which of the generated requests
 * to take, so a failure still names a replayable seed and path. Valid requests cover any mix of
 * optional parameters, every enum value and both edges of each constraint; invalid ones break one
 * constraint at a time and say which input they broke. Also the simplest valid request of each
 * operation, for tests that need one fixed request, and its form on the wire.
 */
import fc from "fast-check";
import { requestHeaderRules, requestRules, type RuleSchema } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { invalidRequests, seededRandom, validRequests, type GeneratedRequest as ShippedRequest } from "../../src/contract/request-generator.ts";
import { generatedRequestUrl, requestInit } from "../../src/contract/wire.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "./client.ts";

/** A generated request of one of this spec's operations. */
export type GeneratedRequest = ShippedRequest & { operationId: OperationId };

const types = (schema: RuleSchema): string[] => ([] as string[]).concat(schema.type ?? []);
const selfHeader = { "Requester-Organization-ID": REQUESTER_ID, "Target-Organization-ID": REQUESTER_ID };
/** How many requests one seed yields before another seed is drawn: the planned edges and a few random mixes. */
const PER_SEED = 8;

export function validRequest(operationId: OperationId): fc.Arbitrary<GeneratedRequest> {
  return fc
    .record({ seed: fc.string(), index: fc.nat(PER_SEED - 1) })
    .map(
      ({ seed, index }) =>
        validRequests(operationId, requestRules[operationId], { header: selfHeader }, seededRandom(seed), index + 1)[index] as GeneratedRequest,
    );
}

/** A valid request with exactly one input broken (or removed, when it is required). */
export function invalidRequest(operationId: OperationId): fc.Arbitrary<GeneratedRequest> {
  return fc.record({ seed: fc.string(), index: fc.nat() }).map(({ seed, index }) => {
    const all = invalidRequests(operationId, requestRules[operationId], requestHeaderRules[operationId], { header: selfHeader }, seededRandom(seed));
    return all[index % all.length] as GeneratedRequest;
  });
}

/** The simplest value a schema accepts: the first enum value, the smallest size, a fixed UUID. */
export function simplestValue(schema: RuleSchema): unknown {
  if (schema.enum) return schema.enum.find((value) => value !== null);
  const kinds = types(schema);
  if (kinds.includes("array")) return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => simplestValue(schema.items ?? {}));
  if (kinds.includes("object")) return simplestObject(schema);
  if (kinds.includes("integer") || kinds.includes("number")) return Math.min(Math.max(10, schema.minimum ?? 10), schema.maximum ?? 10);
  if (kinds.includes("boolean")) return true;
  if (schema.format === "uuid") return GUEST_ORG_ID;
  return "a".repeat(Math.max(1, schema.minLength ?? 1));
}

/** An object with only the required properties of the schema, each its simplest value. */
function simplestObject(schema: RuleSchema | undefined): Record<string, unknown> {
  return Object.fromEntries((schema?.required ?? []).map((name) => [name, simplestValue(schema?.properties?.[name] ?? {})]));
}

/** The simplest valid request of an operation: required inputs only, each its simplest value, as Self. */
export function simplestRequest(operationId: OperationId): GeneratedRequest {
  const rules = requestRules[operationId];
  return {
    operationId,
    path: simplestObject(rules.parameters.path) as Record<string, string>,
    header: { ...selfHeader },
    query: simplestObject(rules.parameters.query),
    ...(rules.body && { body: { json: simplestValue(rules.body.schema) } }),
    label: "the simplest valid request",
  };
}

/** The request on the wire: URL (arrays as repeated keys) and init, for any server. */
export function toFetch(baseUrl: string, template: string, request: GeneratedRequest, token: string | null = "conformance-token"): [string, RequestInit] {
  return [generatedRequestUrl(baseUrl, template, request), requestInit(requestRules[request.operationId].method, request, token, 10_000)];
}
