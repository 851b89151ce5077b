/**
 * `npm run bench`: each figure beside its peer measured in the same run, printed as a table and
 * written as JSON to bench-results/ (git-ignored) with the machine, Node and undici versions.
 * Benchmarks never run in `npm test`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { benchBundleSize } from "./bench/bundle-size.ts";
import { benchClientCall } from "./bench/client-call.ts";
import { repoRoot } from "./lib/paths.ts";

interface Row {
  figure: string;
  ours: string;
  peer: string;
  ratio: string;
  target: string;
  met: boolean;
}

const us = (value: number): string => `${value.toFixed(1)} µs`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} kB`;

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  undici: process.versions["undici"] ?? "unknown",
  platform: `${process.platform} ${process.arch}`,
};

const call = await benchClientCall();
const size = await benchBundleSize();

const rows: Row[] = [
  { figure: "client call (getGuestConnection), defaults", ours: us(call.clientUs), peer: `${us(call.bareFetchUs)} bare fetch + json`, ratio: `${call.ratio.toFixed(3)}×`, target: "≤ 1.10×", met: call.ratio <= 1.1 },
  { figure: "client call, time-out off", ours: us(call.clientNoTimeoutUs), peer: `${us(call.bareFetchUs)} bare fetch + json`, ratio: `${call.ratioNoTimeout.toFixed(3)}×`, target: "≤ 1.10×", met: call.ratioNoTimeout <= 1.1 },
  { figure: "client call, response validation on", ours: us(call.clientValidatingUs), peer: `${us(call.bareFetchUs)} bare fetch + json`, ratio: `${call.ratioValidating.toFixed(3)}×`, target: "(opt-in, no target)", met: true },
  { figure: "client bundle, min + gzip", ours: kb(size.clientGzip), peer: `${kb(size.openapiFetchGzip)} openapi-fetch alone`, ratio: `+${kb(size.clientAddedGzip)}`, target: "≤ +3.00 kB", met: size.clientAddedGzip <= 3 * 1024 },
  { figure: "validators entry, min + gzip", ours: kb(size.validatorsGzip), peer: "not in the client bundle", ratio: "separate", target: "(opt-in, no target)", met: true },
];

console.log(`Machine: ${machine.cpu} × ${machine.cores}, ${machine.memoryGiB} GiB, Node ${machine.node}, undici ${machine.undici}\n`);
console.table(rows.map(({ met, ...row }) => ({ ...row, met: met ? "yes" : "NO" })));

const outDir = join(repoRoot, "bench-results");
await mkdir(outDir, { recursive: true });
const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
await writeFile(file, `${JSON.stringify({ machine, clientCall: call, bundleSize: size, rows }, null, 2)}\n`);
console.log(`\nbench: wrote ${file}`);
