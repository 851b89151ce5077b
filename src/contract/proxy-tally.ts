/**
 * What the validating proxy saw, kept apart by whose it is, for the summary it prints when it
 * stops and for its exit code in CI (`--fail-on-drift`):
 * - the server's drift: findings on the response side (an undeclared status, a body that breaks
 *   its schema, no answer, …): what a consumer would feel;
 * - the client's mistakes: requests to no operation of the contract or with input it refuses
 *   (`verify`'s deliberate invalid requests among them): the deployment's answer to them is still
 *   judged, as the server's;
 * - warnings (an open enum's new value, an undocumented error form), once per operation and cause.
 */
import { printable } from "../http/untrusted-text.ts";
import type { ContractReport } from "./contract-proxy.ts";

export type FindingLineKind = "DRIFT" | "CLIENT" | "warning";

export interface ProxyTally {
  /** Files a report; returns the lines to print for it now (a warning already shown gives none). */
  add(report: ContractReport): string[];
  /** The server's drift found so far, in findings. */
  readonly drift: number;
  /** The summary: drift and client mistakes by operation and kind, and how many warnings. */
  summary(): string;
}

export function createProxyTally(): ProxyTally {
  const drift = new Map<string, number>();
  const client = new Map<string, number>();
  const warned = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  return {
    add(report) {
      const where = `${report.method} ${report.target}${report.operationId ? ` (${report.operationId})` : ""}`;
      const operation = report.operationId ?? `${report.method} ${report.target.split("?")[0] ?? ""}`;
      const lines: string[] = [];
      for (const finding of report.findings) {
        const side = report.side === "response" ? `response ${report.status ?? ""}`.trim() : "request";
        if (finding.severity === "warning") {
          const once = `${operation} ${finding.kind} ${finding.cause ?? finding.message}`;
          bump(warned, once);
          if ((warned.get(once) ?? 0) > 1) continue;
          lines.push(printable(`warning ${where} ${side}: ${finding.kind}: ${finding.message} (shown once per operation)`));
          continue;
        }
        const kind: FindingLineKind = report.side === "request" ? "CLIENT" : "DRIFT";
        bump(kind === "DRIFT" ? drift : client, `${operation}: ${finding.kind}`);
        lines.push(printable(`${kind} ${where} ${side}: ${finding.kind}: ${finding.message}`));
      }
      return lines;
    },
    get drift() {
      return [...drift.values()].reduce((total, count) => total + count, 0);
    },
    summary() {
      const total = (map: Map<string, number>) => [...map.values()].reduce((sum, count) => sum + count, 0);
      const list = (map: Map<string, number>) => [...map].sort(([a], [b]) => a.localeCompare(b)).map(([what, count]) => `  ${what} (${count}×)`);
      const lines = [`summary: server drift: ${total(drift)}; client requests that break the contract: ${total(client)}; distinct warnings: ${warned.size}`];
      if (drift.size > 0) lines.push("server drift (what consumers feel):", ...list(drift));
      if (client.size > 0) lines.push("client requests that break the contract (the caller's, not the server's):", ...list(client));
      return lines.map(printable).join("\n");
    },
  };
}
