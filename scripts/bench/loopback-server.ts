/**
 * The server both contestants of the client-call benchmark talk to, run in its own process so
 * that its work is not counted against either. It answers every request with one GuestConnection
 * (the spec's own example) and prints its URL as the first line on stdout.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";

const spec = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8")) as {
  components: { examples: Record<string, { value: unknown }> };
};
const body = JSON.stringify(spec.components.examples["GuestConnectionActive"]?.value);
if (!body) throw new Error("The spec has no GuestConnectionActive example");

const server = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
});
server.listen(0, "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
