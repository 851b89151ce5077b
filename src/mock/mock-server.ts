/**
 * Starts the MyCreditApp mock: Prism serving the bundled spec, behind a front that answers invalid
 * requests in the API's error format. Both listen on loopback; `close()` stops both.
 */
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createRequestValidator } from "../validation/request-validator.ts";
import { findFreePort } from "./free-port.ts";
import { startPrism } from "./prism-process.ts";
import { createValidatingProxy } from "./validating-proxy.ts";

export interface MockServerOptions {
  /** Port of the mock; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default. */
  host?: string;
  /** Generate responses from the schemas instead of the named examples. */
  dynamic?: boolean;
  /** Seed for repeatable dynamic responses. */
  seed?: string;
  /** Receives Prism's log lines (they never include request headers). */
  log?: (line: string) => void;
}

export interface MockServer {
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`; operation paths go right after it. */
  url: string;
  close(): Promise<void>;
}

/** The bundled spec that ships with the package. */
export const bundledSpecPath = fileURLToPath(new URL("../../generated/openapi.yaml", import.meta.url));

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const validator = createRequestValidator();
  const prism = await startPrism({
    specPath: bundledSpecPath,
    host: "127.0.0.1",
    port: await findFreePort("127.0.0.1"),
    ...(options.dynamic !== undefined ? { dynamic: options.dynamic } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const front = createValidatingProxy({ validator, upstream: prism.url });
  try {
    await new Promise<void>((resolve, reject) => {
      front.once("error", reject);
      front.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await prism.stop();
    throw error;
  }
  const { port } = front.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    async close() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await prism.stop();
    },
  };
}
