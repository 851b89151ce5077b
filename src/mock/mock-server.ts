/**
 * Starts the MyCreditApp mock: Prism serving the bundled spec, behind a front that answers invalid
 * requests in the API's error format and CORS preflights. Both listen on loopback; the engine is
 * supervised (restarted should it exit); `close()` stops both.
 */
import { access } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { answerUnparsable, listeningUrl } from "../http/incoming.ts";
import { ANY_ORIGIN, checkOrigin } from "../http/cors.ts";
import { superviseEngine, type SupervisedEngine } from "./engine-supervisor.ts";
import { prismEntryPoint, startPrism } from "./prism-process.ts";

export interface MockServerOptions {
  /** Port of the mock; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default. */
  host?: string;
  /** Generate responses from the schemas instead of the named examples. */
  dynamic?: boolean;
  /** Seed for repeatable dynamic responses (only with `dynamic`). */
  seed?: string;
  /** The spec to serve; the package's bundled spec by default. */
  specPath?: string;
  /** Receives Prism's log lines (they never include request headers). */
  log?: (line: string) => void;
  /**
   * The origins a browser app may call the mock from, exactly as the browser sends them
   * (`http://127.0.0.1:5173`); any origin, without credentials, by default.
   */
  corsOrigins?: readonly string[];
  /** One line each time the engine exits unexpectedly and is restarted. */
  onEngineEvent?: (message: string) => void;
  /**
   * Called when the engine kept exiting and is not restarted again; from then on the mock answers
   * 503 saying so. The command exits 1 instead.
   */
  onEngineFailure?: (error: Error) => void;
}

export interface MockServer {
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`; operation paths go right after it. */
  url: string;
  /** Prism's own URL behind the mock's front, for diagnostics; it changes when the engine is restarted. */
  readonly engineUrl: string;
  close(): Promise<void>;
}

/** Why the mock could not start: `code` says which problem, for callers that explain it. */
export class MockStartError extends Error {
  override readonly name = "MockStartError";
  constructor(
    readonly code: "SPEC_NOT_FOUND" | "INVALID_SPEC" | "PORT_IN_USE" | "INVALID_OPTION" | "ENGINE_FAILED",
    message: string,
  ) {
    super(message);
  }
}

/**
 * How many requests the front holds while it cannot answer yet (its checks loading, the engine
 * starting); past it, a 503 that says to retry. A test suite that starts the mock and sends at
 * once sends far fewer.
 */
const MAX_HELD_REQUESTS = 1024;

const notReady = (response: ServerResponse, message: string, code: string): void => {
  response.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
  response.end(JSON.stringify({ detail: [{ loc: [], msg: message, type: "mock", code }] }));
};

/** The bundled spec that ships with the package. */
export const bundledSpecPath = fileURLToPath(new URL("../../generated/openapi.yaml", import.meta.url));
/** The same bundle as JSON, which Prism loads faster than YAML; the mock serves this one by default. */
const bundledJsonSpecPath = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const specPath = options.specPath ?? bundledJsonSpecPath;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new MockStartError("INVALID_OPTION", `port must be an integer from 0 to 65535, got ${String(port)}`);
  const corsProblem = options.corsOrigins?.map(checkOrigin).find((problem) => problem !== undefined);
  if (corsProblem) throw new MockStartError("INVALID_OPTION", `CORS origin ${corsProblem}`);
  if (options.seed !== undefined && !options.dynamic)
    throw new MockStartError("INVALID_OPTION", "a seed only applies to dynamic responses (dynamic: true, --dynamic)");
  // A missing engine is reported before anything starts.
  prismEntryPoint();
  await access(specPath).catch(() => {
    throw new MockStartError("SPEC_NOT_FOUND", `cannot read the spec at ${specPath}`);
  });
  // Another spec is checked against its own rules, read now so a bad one is reported before anything starts.
  const otherRules =
    options.specPath === undefined
      ? undefined
      : await (await import("./spec-file.ts")).readSpecRules(specPath).catch((error: unknown) => {
          throw new MockStartError("INVALID_SPEC", `cannot serve the spec at ${specPath}: ${error instanceof Error ? error.message : String(error)}`);
        });
  const front = createServer();
  answerUnparsable(front);
  // The front listens before it can answer (a taken port is reported at once): until it can, every
  // request is held, and answered in order once the checks and the engine are ready, never with a
  // hang or a 500 of the mock's own making.
  const held: [IncomingMessage, ServerResponse][] = [];
  const hold = (request: IncomingMessage, response: ServerResponse): void => {
    if (held.length >= MAX_HELD_REQUESTS) return notReady(response, "The mock is still starting; retry", "mock_starting");
    held.push([request, response]);
  };
  front.on("request", hold);
  // The front takes its port before the engine starts, so a taken port is reported at once.
  try {
    await new Promise<void>((resolve, reject) => {
      front.once("error", reject);
      front.listen(port, host, () => resolve());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw new MockStartError("PORT_IN_USE", `port ${port} on ${host} is already in use`);
    throw error;
  }
  // The engine takes most of the start-up: it is started first, and the front's checks are loaded while it starts.
  const starting = superviseEngine({
    start: (enginePort) =>
      startPrism({
        specPath,
        host: "127.0.0.1",
        port: enginePort,
        ...(options.dynamic !== undefined ? { dynamic: options.dynamic } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.log ? { log: options.log } : {}),
      }),
    ...(options.onEngineEvent && { onEvent: options.onEngineEvent }),
    onGiveUp: (error) => options.onEngineFailure?.(new MockStartError("ENGINE_FAILED", error.message)),
  });
  let engine: SupervisedEngine;
  try {
    const [{ createRequestValidator }, { attachMockFront }, { pageOperations, responseScenarios }] = await Promise.all([
      import("../request-checks/request-validator.ts"),
      import("./mock-front.ts"),
      import("../../generated/operations.js"),
    ]);
    engine = await starting;
    front.off("request", hold);
    attachMockFront(front, {
      validator: otherRules
        ? createRequestValidator(otherRules.requestRules as Parameters<typeof createRequestValidator>[0], otherRules.requestHeaderRules)
        : createRequestValidator(),
      upstream: () => engine.url(),
      dynamic: options.dynamic === true,
      pageOperations: otherRules?.pageOperations ?? pageOperations,
      scenarios: otherRules?.scenarios ?? responseScenarios,
      cors: options.corsOrigins ? { origins: options.corsOrigins } : ANY_ORIGIN,
    });
    for (const [request, response] of held.splice(0)) front.emit("request", request, response);
  } catch (error) {
    front.off("request", hold);
    for (const [, response] of held.splice(0)) notReady(response, "The mock could not start", "mock_not_started");
    await starting.then((started) => started.stop()).catch(() => undefined);
    await new Promise<void>((resolve) => front.close(() => resolve()));
    throw error;
  }
  const bound = (front.address() as AddressInfo).port;
  const running = engine;
  return {
    url: listeningUrl(host, bound),
    get engineUrl() {
      return running.lastUrl;
    },
    async close() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await running.stop();
    },
  };
}
