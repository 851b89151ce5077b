/**
 * Vitest global set-up: starts the package's mock (Prism from generated/openapi.yaml behind the
 * validating front) on a free loopback port, hands its URL to the tests as `inject("mockUrl")`,
 * and always stops it when the run ends, whatever the outcome.
 */
import type { TestProject } from "vitest/node";
import { startMockServer } from "../../src/mock/mock-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startMockServer({ port: 0, host: "127.0.0.1" });
  project.provide("mockUrl", mock.url);
  return () => mock.close();
}
