#!/usr/bin/env node
/**
 * `mycreditapp-mock` (and `npm run mock`): serves the MyCreditApp API from the package's bundled
 * spec until SIGINT or SIGTERM.
 *   mycreditapp-mock [--port 4010] [--host 127.0.0.1] [--dynamic [--seed 42]] [--spec FILE] [--cors-origin O] [--verbose]
 *   mycreditapp-mock --proxy URL [--port 4010] [--host 127.0.0.1]   (a validating proxy to a deployment)
 * Prints the URL (with the port actually bound, for `--port 0`) on stdout once it listens; any
 * problem is one line on stderr and exit code 1. It stops, its engine with it, on SIGINT, SIGTERM
 * and SIGHUP (a closed terminal), and when the process that started it goes away without a signal
 * (a `kill` of `npm run mock`): a mock nobody can reach any more is not left running.
 */
import { parseArgs } from "node:util";
import type { ContractReport } from "../contract/contract-proxy.ts";
import { createProxyTally } from "../contract/proxy-tally.ts";
import { MockStartError, startMockServer, type MockServer } from "./mock-server.ts";

const USAGE = `Usage: mycreditapp-mock [options]
  --port N      port to listen on (default 4010; 0 picks a free one)
  --host HOST   interface to bind (default 127.0.0.1)
  --dynamic     generate responses from the schemas instead of the named examples
  --seed TEXT   make --dynamic responses repeatable
  --spec FILE   serve this spec instead of the bundled one
  --proxy URL   forward to the deployment at URL instead, reporting on stderr every request or
                response that breaks the contract (answers pass unchanged)
  --cors-origin ORIGIN
                the only origin browser apps may call from (repeat for more; default any
                origin, without credentials)
  --max-request-bytes N   (--proxy) largest request body passed on (default 10485760); 413 past it
  --max-response-bytes N  (--proxy) largest response body passed on (default 104857600); 502 past it
  --upstream-timeout MS   (--proxy) how long the deployment may take to answer (default 30000); 504 past it
  --fail-on-drift         (--proxy) exit with 1 when it stops if the deployment drifted (CI)
  --verbose     print the mock engine's log lines on stderr
  --help        print this help`;

function fail(message: string): never {
  console.error(`mycreditapp-mock: ${message}`);
  process.exit(1);
}

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "4010" },
        host: { type: "string", default: "127.0.0.1" },
        dynamic: { type: "boolean", default: false },
        seed: { type: "string" },
        spec: { type: "string" },
        proxy: { type: "string" },
        "cors-origin": { type: "string", multiple: true },
        "max-request-bytes": { type: "string" },
        "max-response-bytes": { type: "string" },
        "upstream-timeout": { type: "string" },
        "fail-on-drift": { type: "boolean", default: false },
        verbose: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
}

const options = parse();
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!/^\d+$/.test(options.port)) fail(`--port must be an integer from 0 to 65535, got "${options.port}"`);
if (options.proxy !== undefined && (options.dynamic || options.seed !== undefined || options.spec !== undefined))
  fail("--proxy forwards to a deployment; --dynamic, --seed and --spec apply to the mock only");
const proxyOnly = ["max-request-bytes", "max-response-bytes", "upstream-timeout"] as const;
const proxyLimits: { maxRequestBytes?: number; maxResponseBytes?: number; upstreamTimeoutMs?: number } = {};
for (const name of proxyOnly) {
  const value = options[name];
  if (value === undefined) continue;
  if (options.proxy === undefined) fail(`--${name} applies to --proxy only`);
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) fail(`--${name} must be a positive integer, got "${value}"`);
  proxyLimits[name === "max-request-bytes" ? "maxRequestBytes" : name === "max-response-bytes" ? "maxResponseBytes" : "upstreamTimeoutMs"] = Number(value);
}
if (options["fail-on-drift"] && options.proxy === undefined) fail("--fail-on-drift applies to --proxy only");
const corsOrigins = options["cors-origin"]?.flatMap((value) => value.split(",")).map((value) => value.trim());

// Signals are handled from the start: one that comes while the engine starts stops it as soon as
// it is up, and whoever reads the ready line below may signal at once.
let server: Pick<MockServer, "url" | "close"> | undefined;
/** What the validating proxy found, kept apart by whose it is (see report below). */
const tally = createProxyTally();
let stopping = false;
const stop = (): void => {
  stopping = true;
  void server?.close().then(
    () => {
      if (options.proxy !== undefined) for (const line of tally.summary().split("\n")) console.error(`mycreditapp-mock: ${line}`);
      console.log("mycreditapp-mock: stopped");
      process.exit(options["fail-on-drift"] && tally.drift > 0 ? 1 : 0);
    },
    (error: unknown) => fail(`could not stop cleanly: ${(error as Error).message}`),
  );
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (!stopping) stop();
  });
}
// A parent that goes away without a signal reparents this process: then nobody is left to stop it.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !stopping) {
    console.error("mycreditapp-mock: the process that started the mock is gone; stopping");
    stop();
  }
}, 500).unref();

/**
 * The validating proxy's findings on stderr, one line each: `DRIFT` for the server's, `CLIENT` for a
 * request that itself breaks the contract, and a warning once per operation, kind and cause (a
 * stock server's string `detail` comes with every error it raises, and would otherwise bury the
 * drift lines). The tally's summary is printed when the proxy stops.
 */
const report = (entry: ContractReport): void => {
  for (const line of tally.add(entry)) console.error(`mycreditapp-mock: ${line}`);
};

try {
  // The proxy's response checks load the whole spec: only when it is asked for, so the mock starts sooner.
  const startContractProxy = options.proxy !== undefined ? (await import("../contract/contract-proxy.ts")).startContractProxy : undefined;
  server =
    options.proxy !== undefined && startContractProxy
      ? await startContractProxy({
          upstream: options.proxy,
          port: Number(options.port),
          host: options.host,
          onReport: report,
          ...(corsOrigins && { corsOrigins }),
          ...proxyLimits,
        })
      : await startMockServer({
          port: Number(options.port),
          host: options.host,
          dynamic: options.dynamic,
          ...(options.seed !== undefined && { seed: options.seed }),
          ...(options.spec !== undefined && { specPath: options.spec }),
          ...(options.verbose && { log: (line: string) => console.error(line) }),
          ...(corsOrigins && { corsOrigins }),
          onEngineEvent: (message) => console.error(`mycreditapp-mock: ${message}`),
          onEngineFailure: (error) => {
            console.error(`mycreditapp-mock: ${error.message}`);
            stopping = true;
            void server?.close().finally(() => process.exit(1));
          },
        });
} catch (error) {
  if (error instanceof MockStartError) {
    const hints = {
      PORT_IN_USE: "; pick another with --port",
      SPEC_NOT_FOUND: "; reinstall the package or pass --spec",
      INVALID_SPEC: "",
      INVALID_OPTION: "",
      ENGINE_FAILED: "",
    };
    fail(`${error.message}${hints[error.code]}`);
  }
  fail((error as Error).message);
}

if (stopping) stop();
else {
  const mode = options.proxy !== undefined ? `validating proxy to ${options.proxy}` : options.dynamic ? "dynamic data" : "static examples";
  console.log(`mycreditapp-mock: MyCreditApp API mock listening on ${server.url} (${mode})`);
  if (options.verbose && "engineUrl" in server) console.error(`mycreditapp-mock: engine (Prism) on ${String(server.engineUrl)}`);
}
