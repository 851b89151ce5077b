/**
 * The package's mock server against stock `prism mock` on the same spec, like for like: both are
 * started as fresh processes (ours as the built `mycreditapp-mock` command a consumer runs, stock
 * Prism as `prism mock generated/openapi.yaml`), timed from the spawn to the first 200; then both
 * take the same load from a separate process, and the CPU time their processes spent on it is read
 * from /proc, so the front's own cost per request is reported beside the throughput (ours runs in
 * two processes and can use a second core; its Prism logs warnings only, stock Prism every
 * request). Memory after the load closes the figures.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { findFreePort } from "../../src/mock/free-port.ts";
import { stopChild } from "../../src/mock/prism-process.ts";
import { repoRoot } from "../lib/paths.ts";
import { median } from "./measure.ts";

const REQUESTER = "054b4106-174b-46b0-97f8-86d8d7b6f0af";
const PATH = "/guest-connections?statuses=connected&limit=10&offset=0";
const START_ROUNDS = 5;
const prismCli = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");
const specYaml = join(repoRoot, "generated", "openapi.yaml");

export interface LoadFigures {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  seconds: number;
  /** Resident memory of the mock's processes after the load, in MiB. */
  rssMiB: number;
}

export interface MockServerResult {
  startMs: { ours: number; stock: number; ratio: number };
  load: { ours: LoadFigures; stock: LoadFigures; ratio: number };
  /** CPU time per request, in µs: all of ours (front and its Prism), stock Prism, and our front process alone. */
  cpuUsPerRequest: { ours: number; stock: number; front: number };
}

async function firstOk(url: string): Promise<void> {
  const headers = { Authorization: "Bearer bench-token", "Requester-Organization-ID": REQUESTER, "Target-Organization-ID": REQUESTER };
  for (;;) {
    const status = await fetch(url + PATH, { headers }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** CPU time (user + system) a process has used so far, in µs, from /proc (clock ticks of 10 ms). */
async function cpuUs(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks * 10_000;
}

async function startStock(): Promise<{ url: string; processes: ChildProcess[]; close: () => Promise<void> }> {
  const port = await findFreePort("127.0.0.1");
  const child = spawn(process.execPath, [prismCli, "mock", specYaml, "--host", "127.0.0.1", "--port", String(port)], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  await firstOk(url);
  return { url, processes: [child], close: () => stopChild(child) };
}

/** The built `mycreditapp-mock` command in its own process, with its engine's pid for the CPU and memory figures. */
async function startOursAsCommand(): Promise<{ url: string; pids: number[]; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(repoRoot, "dist/src/mock/cli.js"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`mycreditapp-mock exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", resolve);
  });
  const url = /(http:\/\/\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`unexpected first line: ${line}`);
  const children = await readFile(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").catch(() => "");
  const pids = [child.pid as number, ...children.trim().split(/\s+/).filter(Boolean).map(Number)];
  return { url, pids, close: () => stopChild(child) };
}

async function rssMiB(pids: number[]): Promise<number> {
  let kib = 0;
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kib / 1024;
}

async function load(url: string): Promise<Omit<LoadFigures, "rssMiB">> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "scripts/bench/load-client.ts"), "--url", url + PATH, "--amount", "20000", "--seconds", "10"],
    {
      cwd: repoRoot,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as Omit<LoadFigures, "rssMiB">;
}

export async function benchMockServer(): Promise<MockServerResult> {
  const oursStart: number[] = [];
  const stockStart: number[] = [];
  for (let round = 0; round < START_ROUNDS; round++) {
    // Alternate which starts first, so that a warm file cache favours neither.
    for (const which of round % 2 === 0 ? ["ours", "stock"] : ["stock", "ours"]) {
      const started = performance.now();
      const mock = which === "ours" ? await startOursAsCommand() : await startStock();
      await firstOk(mock.url);
      (which === "ours" ? oursStart : stockStart).push(performance.now() - started);
      await mock.close();
    }
  }

  const ours = await startOursAsCommand();
  const frontPid = ours.pids.slice(0, 1);
  const [oursCpu, frontCpu] = [await cpuUs(ours.pids), await cpuUs(frontPid)];
  const oursRun = await load(ours.url);
  const oursUsed = (await cpuUs(ours.pids)) - oursCpu;
  const frontUsed = (await cpuUs(frontPid)) - frontCpu;
  const oursLoad = { ...oursRun, rssMiB: await rssMiB(ours.pids) };
  await ours.close();
  const stock = await startStock();
  const stockPids = stock.processes.map((child) => child.pid as number);
  const stockCpu = await cpuUs(stockPids);
  const stockRun = await load(stock.url);
  const stockUsed = (await cpuUs(stockPids)) - stockCpu;
  const stockLoad = { ...stockRun, rssMiB: await rssMiB(stockPids) };
  await stock.close();

  const perRequest = { ours: oursUsed / oursRun.requests, stock: stockUsed / stockRun.requests, front: frontUsed / oursRun.requests };
  const startMs = { ours: median(oursStart), stock: median(stockStart), ratio: median(oursStart) / median(stockStart) };
  return {
    startMs,
    load: { ours: oursLoad, stock: stockLoad, ratio: oursLoad.requestsPerSecond / stockLoad.requestsPerSecond },
    cpuUsPerRequest: perRequest,
  };
}
