/**
 * The mock never outlives its reason to run, and never serves "engine unreachable" for ever:
 * - an engine that exits is restarted, and requests meanwhile wait for it (the real command, its
 *   real Prism killed by the test);
 * - one that keeps exiting is given up on, in one line, and the command exits 1;
 * - the command stops, its engine too, when the process that started it goes away (`npm run mock`
 *   killed), and the engine stops when the command is killed outright.
 * Only processes this test started, or their children read from /proc, are ever signalled.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { superviseEngine } from "../../src/mock/engine-supervisor.ts";
import type { PrismProcess } from "../../src/mock/prism-process.ts";
import { runCli, type CliRun } from "../support/cli-process.ts";
import { selfHeaders, TEST_TOKEN } from "../support/client.ts";

const root = join(import.meta.dirname, "..", "..");
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
const LIST = "/guest-connections?statuses=connected&limit=10&offset=0";
const headers = { ...selfHeaders, Authorization: `Bearer ${TEST_TOKEN}` };

/** The pids of a process's children, read from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

async function descendantsOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const child of await childrenOf(pid)) found.push(child, ...(await descendantsOf(child)));
  return found;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const runs: CliRun[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.stop("SIGKILL")));
});

describe("the engine supervisor", () => {
  /** A stand-in engine whose exit the test decides. */
  function fakeEngines() {
    const exits: (() => void)[] = [];
    let started = 0;
    const start = async (port: number): Promise<PrismProcess> => {
      started++;
      let exit: () => void = () => undefined;
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => (exit = () => resolve({ code: 1, signal: null })));
      exits.push(exit);
      return { url: `http://127.0.0.1:${port}`, exited, stop: async () => exit() };
    };
    return { start, crash: () => exits.at(-1)?.(), started: () => started };
  }

  it("restarts an engine that exits, and hands out the new URL once it is up", async () => {
    const engines = fakeEngines();
    const events: string[] = [];
    const engine = await superviseEngine({ start: engines.start, onEvent: (line) => events.push(line), firstDelayMs: 1 });
    const first = await engine.url();
    engines.crash();
    await expect.poll(() => engines.started()).toBe(2);
    const second = await engine.url();
    expect(second).not.toBe(first);
    expect(events[0]).toMatch(/exited \(code 1\); restarting it in 1 ms \(restart 1 of at most 5\)/);
    await engine.stop();
  });

  it("gives up after too many exits in the window, says why once, and refuses to hand out a URL", async () => {
    const engines = fakeEngines();
    const givenUp: Error[] = [];
    const engine = await superviseEngine({ start: engines.start, onGiveUp: (error) => givenUp.push(error), maxRestarts: 2, firstDelayMs: 1 });
    for (let crash = 0; crash < 3; crash++) {
      await engine.url().catch(() => undefined);
      await expect.poll(() => engines.started()).toBe(crash + 1);
      engines.crash();
    }
    await expect.poll(() => givenUp.length).toBe(1);
    expect(givenUp[0]?.message).toMatch(/exited \(code 1\) 3 times within 60 s; giving up/);
    await expect(engine.url()).rejects.toThrow(/giving up/);
    expect(engines.started()).toBe(3);
    await engine.stop();
  });
});

describe("mycreditapp-mock and its engine", () => {
  it("restarts a killed engine and answers the next request with a 200", async () => {
    const run = runCli(["--port", "0"]);
    runs.push(run);
    const url = LISTENING.exec(await run.waitForLine(LISTENING))?.[1] as string;
    const [prism] = await childrenOf(run.child.pid as number);
    expect(prism).toBeGreaterThan(0);
    process.kill(prism as number, "SIGKILL");
    await expect.poll(() => run.stderr(), { timeout: 10_000 }).toMatch(/the mock engine \(Prism\) exited \(signal SIGKILL\); restarting it/);
    // Sent while the engine restarts: it waits for the new one instead of failing.
    const response = await fetch(`${url}${LIST}`, { headers });
    expect(response.status).toBe(200);
    expect(run.stderr()).toMatch(/the mock engine \(Prism\) is back on http:\/\/127\.0\.0\.1:\d+/);
    expect(alive(prism as number)).toBe(false);
  });

  it("leaves no process behind when `npm run mock` is killed", async () => {
    const npm = spawn("npm", ["run", "--silent", "mock", "--", "--port", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    npm.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    const exited = new Promise((resolve) => npm.once("exit", resolve));
    let processes: number[] = [];
    try {
      await expect.poll(() => out, { timeout: 30_000 }).toMatch(LISTENING);
      processes = await descendantsOf(npm.pid as number);
      // npm, its shell (or not, where the shell execs), the command and its engine.
      expect(processes.length).toBeGreaterThanOrEqual(2);
      npm.kill("SIGTERM");
      await exited;
      await expect.poll(() => processes.filter(alive), { timeout: 10_000 }).toEqual([]);
    } finally {
      // Should the test fail, what it started does not outlive it.
      for (const pid of [npm.pid as number, ...processes].filter(alive)) process.kill(pid, "SIGKILL");
    }
  });

  it("takes its engine with it when the command itself is killed outright", async () => {
    const run = runCli(["--port", "0"]);
    runs.push(run);
    await run.waitForLine(LISTENING);
    const engines = await childrenOf(run.child.pid as number);
    expect(engines).toHaveLength(1);
    await run.stop("SIGKILL");
    await expect.poll(() => engines.filter(alive), { timeout: 10_000 }).toEqual([]);
  });
});
