/**
 * Cost of one client call against its peers on the same request, all talking to the same loopback
 * server in another process; ratios are medians of per-round ratios. The peers are plain
 * openapi-fetch (what the client runs on) with the headers set by hand, and a bare `fetch()` +
 * `json()`. The client runs with its defaults (input checks, retry policy and a 30 s time-out
 * armed); further rows turn the time-out off and turn response validation on, and make the
 * same call through `fetchClient`, as openapi-react-query does. Its own CPU per call
 * is measured apart, with a `fetch` that answers at once, against openapi-fetch's on the same stub.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/types.js";
import { createMyCreditAppClient } from "../../src/index.ts";
import { validateResponse } from "../../src/response-validators/index.ts";
import { interleaved, median, pairedRatio } from "./measure.ts";

const REQUESTER = "054b4106-174b-46b0-97f8-86d8d7b6f0af";
const GUEST = "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77";
const CALLS_PER_ROUND = 50;
const ROUNDS = 301;

export interface ClientCallResult {
  bareFetchUs: number;
  openapiFetchUs: number;
  /** The client against plain openapi-fetch's GET, wall time. */
  ratioOpenapiFetch: number;
  /** Own CPU per call with a stubbed `fetch`: the client's and openapi-fetch's. */
  cpuUs: { client: number; openapiFetch: number };
  clientUs: number;
  clientNoTimeoutUs: number;
  clientValidatingUs: number;
  /** The same call through `fetchClient` (openapi-react-query's path), against plain openapi-fetch's GET, wall time. */
  fetchClientUs: number;
  ratioFetchClient: number;
  ratio: number;
  ratioNoTimeout: number;
  ratioValidating: number;
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", new URL("./loopback-server.ts", import.meta.url).pathname], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [url] = await new Promise<string[]>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`loopback server exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", (line) => resolve([line]));
  });
  return { url: url as string, stop: () => child.kill("SIGTERM") };
}

export async function benchClientCall(): Promise<ClientCallResult> {
  const server = await startServer();
  try {
    const options = { baseUrl: server.url, token: "bench-token", requesterOrganizationId: REQUESTER };
    const api = createMyCreditAppClient(options);
    const validating = createMyCreditAppClient({ ...options, validateResponse });
    // An armed time-out needs an AbortSignal, which Node's fetch makes costly; this row shows that share.
    const noTimeout = createMyCreditAppClient({ ...options, timeoutMs: false });
    const url = `${server.url}/guest-connections/${GUEST}`;
    const headers = { Authorization: "Bearer bench-token", "Requester-Organization-ID": REQUESTER, "Target-Organization-ID": REQUESTER };
    const repeat = (call: () => Promise<unknown>) => async () => {
      for (let index = 0; index < CALLS_PER_ROUND; index++) await call();
      return CALLS_PER_ROUND;
    };
    const plain = createClient<paths>({ baseUrl: server.url });
    const contestants = [
      { name: "bare fetch + json", round: repeat(async () => (await fetch(url, { headers })).json()) },
      {
        name: "openapi-fetch",
        round: repeat(() => plain.GET("/guest-connections/{guest_org_id}", { params: { path: { guest_org_id: GUEST }, header: headers } })),
      },
      { name: "client", round: repeat(() => api.getGuestConnection(GUEST)) },
      { name: "client, time-out off", round: repeat(() => noTimeout.getGuestConnection(GUEST)) },
      { name: "client + validation", round: repeat(() => validating.getGuestConnection(GUEST)) },
      {
        name: "fetchClient",
        round: repeat(() => api.fetchClient.GET("/guest-connections/{guest_org_id}", { params: { path: { guest_org_id: GUEST } } })),
      },
    ];
    await interleaved(contestants, 2); // warm-up: JIT, connection pool
    const figures = await interleaved(contestants, ROUNDS);
    const { medians } = figures;
    const bare = "bare fetch + json";
    return {
      bareFetchUs: medians[bare] as number,
      openapiFetchUs: medians["openapi-fetch"] as number,
      ratioOpenapiFetch: pairedRatio(figures, "client", "openapi-fetch"),
      cpuUs: await ownCpu(),
      clientUs: medians["client"] as number,
      clientNoTimeoutUs: medians["client, time-out off"] as number,
      clientValidatingUs: medians["client + validation"] as number,
      fetchClientUs: medians["fetchClient"] as number,
      ratioFetchClient: pairedRatio(figures, "fetchClient", "openapi-fetch"),
      ratio: pairedRatio(figures, "client", bare),
      ratioNoTimeout: pairedRatio(figures, "client, time-out off", bare),
      ratioValidating: pairedRatio(figures, "client + validation", bare),
    };
  } finally {
    server.stop();
  }
}

/** CPU per call of the client and of plain openapi-fetch, each over a `fetch` that answers at once (its cost is in both). */
async function ownCpu(): Promise<{ client: number; openapiFetch: number }> {
  const body = JSON.stringify({ guest_organization_id: GUEST, archived: false });
  // With its length declared, as a server sends a JSON answer (a chunked one is read through the client's byte counter).
  const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
  const stub = async (): Promise<Response> => new Response(body, { status: 200, headers });
  const api = createMyCreditAppClient({ baseUrl: "http://bench.invalid", token: "bench-token", requesterOrganizationId: REQUESTER, fetch: stub });
  const plain = createClient<paths>({ baseUrl: "http://bench.invalid", fetch: stub });
  const header = { Authorization: "Bearer bench-token", "Requester-Organization-ID": REQUESTER, "Target-Organization-ID": REQUESTER };
  const calls = {
    client: () => api.getGuestConnection(GUEST),
    openapiFetch: () => plain.GET("/guest-connections/{guest_org_id}", { params: { path: { guest_org_id: GUEST }, header } }),
  };
  const cpu = async (call: () => Promise<unknown>, count: number): Promise<number> => {
    const before = process.cpuUsage();
    for (let index = 0; index < count; index++) await call();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / count;
  };
  const samples = { client: [] as number[], openapiFetch: [] as number[] };
  for (let round = 0; round < 21; round++) {
    for (const name of round % 2 === 0 ? (["client", "openapiFetch"] as const) : (["openapiFetch", "client"] as const))
      samples[name].push(await cpu(calls[name], 2000));
  }
  return { client: median(samples.client.slice(1)), openapiFetch: median(samples.openapiFetch.slice(1)) };
}
