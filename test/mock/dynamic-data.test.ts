/**
 * `--dynamic` data stays within the spec: over many seeds, every operation's generated response
 * validates against its response schema (formats, lengths, enums, `maxItems`), and a seed makes
 * the data repeatable across processes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/index.ts";
import { GUEST_ORG_ID, selfHeaders, TEST_TOKEN } from "../support/client.ts";
import { responseErrors } from "../support/spec.ts";

const SEEDS = Array.from({ length: 12 }, (_, index) => `seed-${index * 7919}`);
const headers = { ...selfHeaders, Authorization: `Bearer ${TEST_TOKEN}` };
const REQUESTS: [operationId: string, method: string, path: string, body?: unknown][] = [
  ["listGuestConnections", "GET", "/guest-connections?statuses=connected&limit=100&offset=0"],
  ["listHostConnections", "GET", "/host-connections?statuses=disconnected&limit=10&offset=20"],
  ["listGuestInvitations", "GET", "/guest-invitations?statuses=sent&statuses=accepted_by_guest&limit=50&offset=0"],
  ["getGuestConnection", "GET", `/guest-connections/${GUEST_ORG_ID}`],
  ["patchGuestConnection", "PATCH", `/guest-connections/${GUEST_ORG_ID}`, { archived: true }],
];

async function fetchAll(mock: MockServer): Promise<{ operationId: string; status: number; body: unknown }[]> {
  return Promise.all(
    REQUESTS.map(async ([operationId, method, path, body]) => {
      const response = await fetch(`${mock.url}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined && { "Content-Type": "application/json" }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return { operationId, status: response.status, body: await response.json() };
    }),
  );
}

/** Starts mocks a few at a time: each is a Prism process. */
async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += size) results.push(...(await Promise.all(items.slice(index, index + size).map(run))));
  return results;
}

describe("dynamic responses", () => {
  let bySeed: { seed: string; responses: Awaited<ReturnType<typeof fetchAll>>; again: Awaited<ReturnType<typeof fetchAll>> }[] = [];
  let unseeded: MockServer;

  beforeAll(async () => {
    bySeed = await inBatches(SEEDS, 4, async (seed) => {
      const mock = await startMockServer({ dynamic: true, seed });
      try {
        return { seed, responses: await fetchAll(mock), again: await fetchAll(mock) };
      } finally {
        await mock.close();
      }
    });
    unseeded = await startMockServer({ dynamic: true });
  }, 120_000);
  afterAll(() => unseeded?.close());

  it(`validate against the response schemas for ${SEEDS.length} seeds and every operation`, () => {
    const problems = bySeed.flatMap(({ seed, responses }) =>
      responses.flatMap(({ operationId, status, body }) =>
        status === 200
          ? responseErrors(operationId, status, body).map((error) => `${seed} ${operationId}: ${error}`)
          : [`${seed} ${operationId}: HTTP ${status}`],
      ),
    );
    expect(problems).toEqual([]);
  });

  it("differ from seed to seed, and repeat for the same seed", async () => {
    const lists = new Set(bySeed.map(({ responses }) => JSON.stringify(responses[0]?.body)));
    expect(lists.size).toBeGreaterThan(SEEDS.length / 2);
    for (const { responses, again } of bySeed) expect(again).toEqual(responses);
    // Another process with the same seed serves the same data.
    const first = bySeed[0] as (typeof bySeed)[number];
    const mock = await startMockServer({ dynamic: true, seed: first.seed });
    try {
      expect(await fetchAll(mock)).toEqual(first.responses);
    } finally {
      await mock.close();
    }
  });

  it("without a seed, stay valid over many requests", async () => {
    const rounds = await Promise.all(Array.from({ length: 8 }, () => fetchAll(unseeded)));
    const problems = rounds
      .flat()
      .flatMap(({ operationId, status, body }) => responseErrors(operationId, status, body).map((error) => `${operationId}: ${error}`));
    expect(problems).toEqual([]);
  });
});
