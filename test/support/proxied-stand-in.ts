/**
 * The validating proxy in front of the stand-in deployment, for a suite: both started before its
 * tests and stopped after them, every report the proxy makes collected in `reports`.
 */
import { afterAll, beforeAll } from "vitest";
import { startContractProxy, type ContractProxy, type ContractReport } from "../../src/mock/index.ts";
import { startDriftServer, type DriftServer } from "./drift-server.ts";

export interface ProxiedStandIn {
  readonly upstream: DriftServer;
  readonly proxy: ContractProxy;
  readonly reports: ContractReport[];
}

export function useProxiedStandIn(): ProxiedStandIn {
  let upstream: DriftServer | undefined;
  let proxy: ContractProxy | undefined;
  const reports: ContractReport[] = [];
  beforeAll(async () => {
    upstream = await startDriftServer();
    proxy = await startContractProxy({ upstream: upstream.url, onReport: (report) => reports.push(report) });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the proxied stand-in is used before its suite started it");
    return value;
  };
  return {
    get upstream() {
      return started(upstream);
    },
    get proxy() {
      return started(proxy);
    },
    reports,
  };
}
