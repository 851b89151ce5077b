/**
 * The mock never answers a 5xx of its own making, under traffic the way a schema-driven fuzzer
 * (Schemathesis) sends it: valid requests of every operation (any mix of optional inputs, both
 * edges of each constraint) and invalid ones (one constraint broken at a time), with and without a
 * token, against the mock server with static examples and with `--dynamic` data. The requests
 * come from the spec's own generator with a fixed seed (FC_SEED replays another one).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable, requestRules } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { startMockServer, type MockServer } from "../../src/mock/index.ts";
import { mockUrl } from "../support/client.ts";
import { invalidRequest, toFetch, validRequest, type GeneratedRequest } from "../support/request-arbitraries.ts";

const SEED = Number(process.env["FC_SEED"] ?? 20261207);
const REQUESTS = 400;
const OPERATIONS = Object.keys(requestRules) as OperationId[];

/** Generated traffic: for each request, an operation, valid or invalid input, and a token or none. */
const traffic = fc.sample(
  fc.constantFrom(...OPERATIONS).chain((operationId) =>
    fc.record({
      request: fc.oneof(validRequest(operationId), invalidRequest(operationId)),
      token: fc.constantFrom<string | null>("fuzz-token", "fuzz-token", "fuzz-token", null),
    }),
  ),
  { seed: SEED, numRuns: REQUESTS },
) as { request: GeneratedRequest; token: string | null }[];

let dynamic: MockServer;
beforeAll(async () => {
  dynamic = await startMockServer({ dynamic: true });
}, 60_000);
afterAll(() => dynamic.close());

async function statuses(baseUrl: string): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  // A few at a time, as a fuzzer's workers send them.
  for (let start = 0; start < traffic.length; start += 8) {
    const answers = await Promise.all(
      traffic.slice(start, start + 8).map(async ({ request, token }) => {
        const [url, init] = toFetch(baseUrl, operationTable[request.operationId].path, request, token);
        const response = await fetch(url, init);
        await response.arrayBuffer();
        return response.status;
      }),
    );
    for (const status of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return counts;
}

describe.each([
  ["static examples", () => mockUrl()],
  ["--dynamic data", () => dynamic.url],
])("the mock server with %s", (_name, base) => {
  it(`answers ${REQUESTS} generated requests, valid and invalid, without a 5xx`, async () => {
    const counts = await statuses(base());
    const errors = [...counts].filter(([status]) => status >= 500);
    expect(errors, JSON.stringify([...counts])).toEqual([]);
    // The traffic reached the operations and their checks: successes, refusals and 401s all came.
    for (const status of [200, 401, 422]) expect(counts.get(status) ?? 0, `${status} in ${JSON.stringify([...counts])}`).toBeGreaterThan(0);
  }, 120_000);
});
