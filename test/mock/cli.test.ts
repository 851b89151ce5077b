/**
 * The `mycreditapp-mock` command: prints the URL it listens on, serves the API, stops cleanly on
 * SIGINT and SIGTERM (its mock engine too), and exits with one clear line for each problem.
 */
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../support/cli-process.ts";
import { selfHeaders, TEST_TOKEN } from "../support/client.ts";
import { responseErrors } from "../support/spec.ts";

const runs: CliRun[] = [];
const start = (args: string[]): CliRun => {
  const run = runCli(args);
  runs.push(run);
  return run;
};
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.stop("SIGKILL")));
});

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:(\d+))/;
const refuses = (url: string): Promise<boolean> =>
  fetch(url).then(
    () => false,
    () => true,
  );

describe("mycreditapp-mock", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("prints the port it bound, serves the API and stops on %s with its engine", async (signal) => {
    const run = start(["--port", "0", "--verbose"]);
    const line = await run.waitForLine(LISTENING);
    const [, url = "", port = ""] = LISTENING.exec(line) ?? [];
    expect(Number(port)).toBeGreaterThan(0);
    // stderr is another pipe: its line may come a moment after stdout's.
    await expect.poll(() => /engine \(Prism\) on (\S+)/.exec(run.stderr())?.[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const engineUrl = /engine \(Prism\) on (\S+)/.exec(run.stderr())?.[1];

    const response = await fetch(`${url}/guest-connections?statuses=connected&limit=10&offset=0`, {
      headers: { ...selfHeaders, Authorization: `Bearer ${TEST_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(responseErrors("listGuestConnections", 200, await response.json())).toEqual([]);

    expect(await run.stop(signal)).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain("stopped");
    expect(await refuses(url)).toBe(true);
    expect(await refuses(engineUrl as string)).toBe(true);
  });

  it("exits with a clear message when the port is taken", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      // Verbose, so the engine's start would show on stderr: the port is checked before it starts.
      const run = start(["--port", String(port), "--verbose"]);
      expect((await run.exited).code).toBe(1);
      expect(run.stderr()).toContain(`port ${port} on 127.0.0.1 is already in use; pick another with --port`);
      expect(run.stderr()).not.toContain("Prism");
      expect(run.stdout()).toBe("");
    } finally {
      blocker.close();
    }
  });

  it.each([
    [["--spec", "/nonexistent/openapi.yaml"], "cannot read the spec at /nonexistent/openapi.yaml"],
    [["--port", "http"], '--port must be an integer from 0 to 65535, got "http"'],
    [["--port", "70000"], "port must be an integer from 0 to 65535, got 70000"],
    [["--seed", "7"], "a seed only applies to dynamic responses"],
    [["--colour"], "Unknown option '--colour'"],
  ])("exits 1 with one clear line for %j", async (args, message) => {
    const run = start(args);
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toContain(message);
  });
});
