/**
 * Cost of one client call against a bare `fetch()` + `json()` of the same request, both talking to
 * the same loopback server in another process; ratios are medians of per-round ratios. The client runs with its defaults (input checks,
 * retry policy and a 30 s time-out armed); further rows turn the time-out off and turn response
 * validation on.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createMyCreditAppClient } from "../../src/index.ts";
import { validateResponse } from "../../src/response-validators/index.ts";
import { interleaved, pairedRatio } from "./measure.ts";

const REQUESTER = "054b4106-174b-46b0-97f8-86d8d7b6f0af";
const GUEST = "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77";
const CALLS_PER_ROUND = 300;
const ROUNDS = 51;

export interface ClientCallResult {
  bareFetchUs: number;
  clientUs: number;
  clientNoTimeoutUs: number;
  clientValidatingUs: number;
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
    const contestants = [
      { name: "bare fetch + json", round: repeat(async () => (await fetch(url, { headers })).json()) },
      { name: "client", round: repeat(() => api.getGuestConnection(GUEST)) },
      { name: "client, time-out off", round: repeat(() => noTimeout.getGuestConnection(GUEST)) },
      { name: "client + validation", round: repeat(() => validating.getGuestConnection(GUEST)) },
    ];
    await interleaved(contestants, 2); // warm-up: JIT, connection pool
    const figures = await interleaved(contestants, ROUNDS);
    const { medians } = figures;
    const bare = "bare fetch + json";
    return {
      bareFetchUs: medians[bare] as number,
      clientUs: medians["client"] as number,
      clientNoTimeoutUs: medians["client, time-out off"] as number,
      clientValidatingUs: medians["client + validation"] as number,
      ratio: pairedRatio(figures, "client", bare),
      ratioNoTimeout: pairedRatio(figures, "client, time-out off", bare),
      ratioValidating: pairedRatio(figures, "client + validation", bare),
    };
  } finally {
    server.stop();
  }
}
