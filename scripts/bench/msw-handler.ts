/**
 * Per-request latency of the in-process mock (validation, filtering, sorting, paging over a store
 * of 200 connections) against a bare MSW handler that answers a fixed page of the same size,
 * reached with `fetch` through the same MSW server in interleaved rounds. Like for like: each
 * round installs only its own handlers, so the bare handler never sits behind the package's.
 */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { createFixtures, createMockStore, createMswHandlers, FIXTURE_ORGANIZATION_ID } from "../../src/msw/index.ts";
import { interleaved, pairedRatio } from "./measure.ts";

const CALLS_PER_ROUND = 200;
const ROUNDS = 21;

export interface MswHandlerResult {
  oursUs: number;
  bareUs: number;
  ratio: number;
}

export async function benchMswHandler(): Promise<MswHandlerResult> {
  const fixtures = createFixtures();
  const store = createMockStore({ guestConnections: Array.from({ length: 200 }, () => fixtures.guestConnection()) });
  const page = { items: store.guestConnections.slice(0, 10), total_items: 200 };
  const ours = createMswHandlers({ store, baseUrl: "https://ours.bench" });
  const bare = http.get("https://bare.bench/guest-connections", () => HttpResponse.json(page));
  const server = setupServer();
  server.listen({ onUnhandledRequest: "error" });
  try {
    const query = "/guest-connections?statuses=connected&limit=10&offset=20&order_by=created_at";
    const headers = {
      Authorization: "Bearer bench-token",
      "Requester-Organization-ID": FIXTURE_ORGANIZATION_ID,
      "Target-Organization-ID": FIXTURE_ORGANIZATION_ID,
    };
    const repeat = (url: string, handlers: Parameters<typeof server.resetHandlers>) => async () => {
      server.resetHandlers(...handlers);
      for (let index = 0; index < CALLS_PER_ROUND; index++) await (await fetch(url, { headers })).json();
      return CALLS_PER_ROUND;
    };
    const contestants = [
      { name: "ours", round: repeat(`https://ours.bench${query}`, ours) },
      { name: "bare", round: repeat(`https://bare.bench${query}`, [bare]) },
    ];
    await interleaved(contestants, 2);
    const figures = await interleaved(contestants, ROUNDS);
    return { oursUs: figures.medians["ours"] as number, bareUs: figures.medians["bare"] as number, ratio: pairedRatio(figures, "ours", "bare") };
  } finally {
    server.close();
  }
}
