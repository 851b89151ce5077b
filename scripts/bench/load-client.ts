/**
 * The load generator of the mock benchmarks, run as its own process so that it never shares a CPU
 * queue with the server it measures. Sends one request, over 10 connections, until `--amount`
 * requests or `--seconds` have passed, and prints autocannon's figures as one JSON line.
 *   node --import tsx scripts/bench/load-client.ts --url URL [--amount 20000] [--seconds 10]
 */
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values } = parseArgs({
  options: { url: { type: "string" }, amount: { type: "string", default: "20000" }, seconds: { type: "string", default: "10" } },
});
if (!values.url) throw new Error("--url is required");
const REQUESTER = "054b4106-174b-46b0-97f8-86d8d7b6f0af";

const result = await autocannon({
  url: values.url,
  headers: { Authorization: "Bearer bench-token", "Requester-Organization-ID": REQUESTER, "Target-Organization-ID": REQUESTER },
  connections: 10,
  amount: Number(values.amount),
  duration: Number(values.seconds),
  timeout: 10,
});
console.log(
  JSON.stringify({
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    seconds: result.duration,
  }),
);
