/**
 * With its defaults, `verify` breaks every constraint of every operation at least once. The
 * constraints are listed here from the request rules themselves (each keyword of each input),
 * and the plan `verify` sends is checked to cover each one and to send all of it.
 */
import { describe, expect, it } from "vitest";
import { operationTable, requestHeaderRules, requestRules, type RuleSchema } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { negativePlan, seededRandom } from "../../src/contract/request-generator.ts";
import { verifyDeployment } from "../../src/contract/verify.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";
import { startDriftServer } from "../support/drift-server.ts";

const types = (schema: RuleSchema): string[] => ([] as string[]).concat(schema.type ?? []);

/**
 * The constraints of one parameter as `location.name.keyword`. A URL carries text only, so the
 * `type` of a string or an array cannot be broken there, and neither can a query array's
 * `minItems`: no item is no parameter at all, which is `required`'s case.
 */
function parameterConstraints(prefix: string, schema: RuleSchema): string[] {
  const found: string[] = [];
  if (schema.enum) found.push(`${prefix}.enum`);
  if (types(schema).some((type) => type === "integer" || type === "boolean")) found.push(`${prefix}.type`);
  for (const keyword of ["maximum", "minimum", "maxLength"] as const) if (schema[keyword] !== undefined) found.push(`${prefix}.${keyword}`);
  if ((schema.minLength ?? 0) > 0) found.push(`${prefix}.minLength`);
  if (schema.format !== undefined) found.push(`${prefix}.format`);
  if (schema.items) found.push(...parameterConstraints(`${prefix}.items`, schema.items));
  return found;
}

function constraintsOf(operationId: OperationId): string[] {
  const rules = requestRules[operationId];
  const found: string[] = [];
  const locations = { path: rules.parameters.path, query: rules.parameters.query, header: requestHeaderRules[operationId] };
  for (const [location, schema] of Object.entries(locations)) {
    for (const [name, property] of Object.entries(schema?.properties ?? {})) {
      found.push(...parameterConstraints(`${location}.${name}`, property));
      if (location !== "path" && schema?.required?.includes(name)) found.push(`${location}.${name}.required`);
    }
  }
  if (rules.body) {
    found.push("body.json", "body.type");
    if (rules.body.schema.required?.length) found.push("body.required");
    for (const name of Object.keys(rules.body.schema.properties ?? {})) found.push(`body.${name}.type`);
  }
  return found;
}

const OPERATIONS = Object.keys(requestRules) as OperationId[];
const header = { "Requester-Organization-ID": REQUESTER_ID, "Target-Organization-ID": REQUESTER_ID };

describe("verify's negative plan", () => {
  it.each(OPERATIONS)("breaks every constraint of %s", (operationId) => {
    const writes = operationTable[operationId].method !== "GET";
    const context = { header, ...(operationTable[operationId].pathParameters.length > 0 && { path: { guest_org_id: GUEST_ORG_ID } }) };
    const plan = negativePlan(operationId, requestRules[operationId], requestHeaderRules[operationId], context, seededRandom("verify"), writes);
    const covered = new Set(plan.map((request) => request.constraint));
    const expected = constraintsOf(operationId);
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.filter((constraint) => !covered.has(constraint))).toEqual([]);
  });

  it("puts the inputs in turn, so that a plan cut short still reaches every location", () => {
    const plan = negativePlan(
      "listGuestConnections",
      requestRules.listGuestConnections,
      requestHeaderRules.listGuestConnections,
      { header },
      seededRandom("x"),
      false,
    );
    expect(new Set(plan.slice(0, 2).map((request) => request.constraint?.split(".")[0]))).toEqual(new Set(["query", "header"]));
    expect(new Set(plan.slice(0, 8).map((request) => request.constraint?.split(".")[1])).size).toBeGreaterThanOrEqual(6);
  });

  it("is sent whole with verify's defaults", async () => {
    const deployment = await startDriftServer();
    try {
      const result = await verifyDeployment({
        baseUrl: deployment.url,
        token: "coverage-token-1234",
        requesterOrganizationId: REQUESTER_ID,
        requests: 10,
        rate: 1000,
        seed: "verify",
        timeoutMs: 5000,
        negative: true,
        writeTarget: GUEST_ORG_ID,
      });
      for (const operation of result.operations) {
        const operationId = operation.operationId as OperationId;
        const context = { header, ...(operationTable[operationId].pathParameters.length > 0 && { path: { guest_org_id: GUEST_ORG_ID } }) };
        const planned = negativePlan(
          operationId,
          requestRules[operationId],
          requestHeaderRules[operationId],
          context,
          seededRandom("v"),
          operationTable[operationId].method !== "GET",
        );
        expect(operation.invalid, operationId).toBe(planned.length);
      }
    } finally {
      await deployment.close();
    }
  });
});
