/**
 * Runs `prism mock` as a child process on a loopback port and stops it again. Prism is run with
 * `--errors`, so a response that breaks the spec comes back as a 500 error instead of a warning.
 * Unless its log is wanted, Prism logs warnings only: logging every request at `info` halves its
 * throughput. Its own CORS handling is off: the front answers preflights and sets the CORS headers
 * (cors.ts), where Prism would reflect any origin with credentials allowed.
 *
 * Prism never outlives the process that started it: it is started with an IPC channel and a
 * preloaded line that exits when the channel closes, which the OS does when this process ends,
 * however it ends (a SIGKILL included), so no engine is left behind with parent 1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { requirePeer } from "../missing-peer.ts";

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

/** Preloaded into Prism: exit once the parent is gone (its end of the IPC channel closes). */
const EXIT_WITH_PARENT = `data:text/javascript,process.on("disconnect",()=>process.exit(0))`;

const KEPT_LINES = 20;
const POLL_MS = 2;

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
    EXIT_WITH_PARENT,
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
    await waitUntilListening(child, options.host, options.port, recent, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url: `http://${options.host}:${options.port}`, exited, stop: () => stopChild(child) };
}

/** True once something accepts TCP connections on host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Waits until Prism accepts connections (its "listening" line is an info log, not always printed). */
async function waitUntilListening(child: ChildProcess, host: string, port: number, recent: string[], timeoutMs: number): Promise<void> {
  const explain = (reason: string) => new Error(`${reason}. Last Prism output:\n${recent.join("\n")}`);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw explain(`Prism exited with code ${child.exitCode} before it listened`);
    if (await accepts(host, port)) return;
    if (performance.now() > deadline) throw explain(`Prism did not start within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
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
