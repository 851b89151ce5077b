/**
 * `npm run mock`: serves the MyCreditApp API from the bundled spec on loopback until stopped.
 *   npm run mock -- --port 4010 [--host 127.0.0.1] [--dynamic] [--seed 42] [--verbose]
 */
import { access } from "node:fs/promises";
import { parseArgs } from "node:util";
import { bundledSpecPath, startMockServer } from "../src/mock/mock-server.ts";

function fail(message: string): never {
  console.error(`mock: ${message}`);
  process.exit(1);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      dynamic: { type: "boolean", default: false },
      seed: { type: "string" },
      verbose: { type: "boolean", default: false },
    },
    strict: true,
  });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { port: portText, host, dynamic, seed, verbose } = parsed.values;
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be an integer from 0 to 65535, got "${portText}"`);
await access(bundledSpecPath).catch(() => fail(`cannot find the bundled spec at ${bundledSpecPath}; run \`npm run generate\``));

const server = await startMockServer({
  port,
  host,
  dynamic,
  ...(seed !== undefined ? { seed } : {}),
  ...(verbose ? { log: (line: string) => console.error(line) } : {}),
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code === "EADDRINUSE") fail(`port ${port} on ${host} is already in use; pick another with --port`);
  fail(error.message);
});

console.log(`mock: MyCreditApp API mock listening on ${server.url} (${dynamic ? "dynamic data" : "static examples"})`);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => {
      console.log("mock: stopped");
      process.exit(0);
    });
  });
}
