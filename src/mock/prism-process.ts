/**
 * Runs `prism mock` as a child process on a loopback port and stops it again. Prism is run with
 * `--errors`, so a response that breaks the spec comes back as a 500 error instead of a warning.
 * Unless its log is wanted, Prism logs warnings only: logging every request at `info` halves its
 * throughput. Its own CORS handling is off: the front answers preflights and sets the CORS headers
 * (cors.ts), where Prism would reflect any origin with credentials allowed.
 *
 * Prism never outlives the process that started it: it is started with an IPC channel and a
 * preload that exits when the channel closes, which the OS does when this process ends, however
 * it ends (a SIGKILL included), so no engine is left behind with parent 1. The same channel says
 * when it listens.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { requirePeer } from "../peers/missing-peer.ts";

export interface PrismOptions {
  specPath: string;
  host: string;
  port: number;
  /** Generate responses from the schemas instead of the named examples. */
  dynamic?: boolean;
  /** Seed for repeatable dynamic responses. */
  seed?: string;
  /** Where Prism's own log lines go; by default they are kept only to explain a failed start. */
  log?: (line: string) => void;
  /** How long to wait for Prism to listen, in milliseconds. */
  startTimeoutMs?: number;
}

export interface PrismProcess {
  url: string;
  /** Settles when the process exits, for whatever reason; `stop()` included. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** The IPC message Prism's preload sends when a server of its process starts listening. */
const LISTENING = "mycreditappListening";

/**
 * Prism seeds json-schema-faker's random source (\`--seed\`, anew for every answer) but not faker's,
 * which the contract's \`x-faker\` hints call: without this a seed would repeat everything but the
 * names, e-mails, scores and timestamps. Each time Prism sets the generator's random source, faker
 * is seeded from it, so a seed repeats an answer exactly. A Prism whose modules are laid out
 * otherwise is left as it is (test/mock/dynamic-realism.test.ts then fails on repeatability).
 */
const SEED_FAKER = `
try {
  const fromPrism = createRequire(createRequire(process.argv[1]).resolve("@stoplight/prism-http"));
  const { JSONSchemaFaker } = fromPrism("json-schema-faker");
  const fakerModule = fromPrism("@faker-js/faker");
  const faker = fakerModule.faker ?? fakerModule.default;
  const option = JSONSchemaFaker.option;
  JSONSchemaFaker.option = function (name, value) {
    const random = typeof name === "object" && name !== null ? name.random : name === "random" ? value : undefined;
    if (typeof random === "function") faker.seed(Math.floor(random() * 4294967296));
    return option.apply(this, arguments);
  };
} catch {}
`;

/**
 * Preloaded into Prism: exit once the parent is gone (its end of the IPC channel closes), and tell
 * the parent the port of each server that starts listening. Waiting for that message, instead of
 * probing the port, cannot be fooled by a connection that is only emulated: MSW 3 in the parent's
 * process answers every `net.connect` at once, before it knows whether anything listens.
 */
const PRELOAD = `data:text/javascript,${encodeURIComponent(`
import { createRequire } from "node:module";
import { Server } from "node:net";
process.on("disconnect", () => process.exit(0));
const listen = Server.prototype.listen;
Server.prototype.listen = function (...args) {
  this.once("listening", () => process.send?.({ ${LISTENING}: this.address()?.port }));
  return listen.apply(this, args);
};
${SEED_FAKER}
`)}`;

const KEPT_LINES = 20;

/** Where Prism's command is; a {@link MissingPeerError} when it is not installed. */
export function prismEntryPoint(): string {
  try {
    return createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");
  } catch (error) {
    return requirePeer("@stoplight/prism-cli", "The mock server (@mycreditapp/api-contract/mock, mycreditapp-mock)")(error);
  }
}

export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  const args = [
    "--import",
    PRELOAD,
    prismEntryPoint(),
    "mock",
    options.specPath,
    "--host",
    options.host,
    "--port",
    String(options.port),
    "--errors",
    "--no-cors",
    "--verboseLevel",
    options.log ? "info" : "warn",
  ];
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", options.seed);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const recent: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      options.log?.(line);
      recent.push(line);
      if (recent.length > KEPT_LINES) recent.shift();
    }
  };
  child.stdout?.on("data", onOutput);
  child.stderr?.on("data", onOutput);

  try {
    await waitUntilListening(child, options.port, recent, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url: `http://${options.host}:${options.port}`, exited, stop: () => stopChild(child) };
}

/** Waits until Prism says it listens on `port` (its own "listening" line is an info log, not always printed). */
function waitUntilListening(child: ChildProcess, port: number, recent: string[], timeoutMs: number): Promise<void> {
  const explain = (reason: string) => new Error(`${reason}. Last Prism output:\n${recent.join("\n")}`);
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if ((message as Record<string, unknown> | null)?.[LISTENING] === port) settle();
    };
    const onExit = () => settle(explain(`Prism exited with code ${child.exitCode} before it listened`));
    const timer = setTimeout(() => settle(explain(`Prism did not start within ${timeoutMs} ms`)), timeoutMs);
    function settle(error?: Error): void {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve();
    }
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** Stops the child this module started (never anything found by name): SIGTERM, then SIGKILL. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
