/**
 * `--dynamic` data stays within the spec: over many seeds, every operation's generated response
 * validates against its response schema (formats, lengths, enums, `maxItems`), and a seed makes
 * the data repeatable across processes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/index.ts";
import { operationTable, pageOperations } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { TEST_TOKEN } from "../support/client.ts";
import { simplestRequest, toFetch } from "../support/request-arbitraries.ts";
import { responseErrors } from "../support/spec.ts";

const SEEDS = Array.from({ length: 12 }, (_, index) => `seed-${index * 7919}`);

/**
 * Every operation's simplest valid request; a list asks for its largest page, so that generated
 * pages of every size the spec allows are checked.
 */
const REQUESTS = (Object.keys(operationTable) as OperationId[]).map((operationId) => {
  const request = simplestRequest(operationId);
  const limit = operationTable[operationId].request.parameters.query?.properties?.["limit"]?.maximum;
  return operationTable[operationId].page && limit !== undefined ? { ...request, query: { ...request.query, limit } } : request;
});

async function fetchAll(mock: MockServer): Promise<{ operationId: string; status: number; body: unknown }[]> {
  return Promise.all(
    REQUESTS.map(async (request) => {
      const [url, init] = toFetch(mock.url, operationTable[request.operationId].path, request, TEST_TOKEN);
      const response = await fetch(url, init);
      return { operationId: request.operationId, status: response.status, body: await response.json() };
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
        status === operationTable[operationId as OperationId].success.status
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

  it("follow limit and offset on every list: at most limit items, and a total that agrees with them", async () => {
    const problems: string[] = [];
    for (const operationId of pageOperations) {
      for (const [limit, offset] of [
        [1, 0],
        [10, 20],
        [3, 5],
      ] as const) {
        const request = simplestRequest(operationId);
        const [url, init] = toFetch(unseeded.url, operationTable[operationId].path, { ...request, query: { ...request.query, limit, offset } }, TEST_TOKEN);
        for (let round = 0; round < 5; round++) {
          const page = (await (await fetch(url, init)).json()) as { items: unknown[]; total_items: number };
          const label = `${operationId} limit=${limit} offset=${offset}`;
          if (page.items.length > limit) problems.push(`${label}: ${page.items.length} items`);
          const seen = offset + page.items.length;
          if (page.items.length < limit ? page.total_items !== seen : page.total_items < seen || page.total_items > seen + 5 * limit) {
            problems.push(`${label}: total_items ${page.total_items} after ${page.items.length} items`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("without a seed, stay valid over many requests", async () => {
    const rounds = await Promise.all(Array.from({ length: 8 }, () => fetchAll(unseeded)));
    const problems = rounds
      .flat()
      .flatMap(({ operationId, status, body }) => responseErrors(operationId, status, body).map((error) => `${operationId}: ${error}`));
    expect(problems).toEqual([]);
  });
});
