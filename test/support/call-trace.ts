/**
 * Which of the package's modules one GET runs, from `createMyCreditAppClient`'s method to `fetch`
 * and back, and how many of each module's functions ran how often: V8's precise coverage (function
 * granularity, call counts) taken around one call, after a first call has loaded everything. Run as
 * its own process (`node --import tsx`); prints one JSON object.
 */
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";
import { createMyCreditAppClient } from "../../src/index.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const GUEST = "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77";
const body = JSON.stringify({ guest_organization_id: GUEST });
const api = createMyCreditAppClient({
  baseUrl: "http://127.0.0.1:9",
  token: "trace-token",
  requesterOrganizationId: "054b4106-174b-46b0-97f8-86d8d7b6f0af",
  fetch: async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } }),
});

interface ScriptCoverage {
  url: string;
  functions: { functionName: string; ranges: { startOffset: number; count: number }[] }[];
}

const session = new Session();
session.connect();
await session.post("Profiler.enable");
// Started before the first call, so that every function it compiles keeps its counts.
await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
await api.getGuestConnection(GUEST);
// Taking it resets the counts: what the next take reports is the one call.
await session.post("Profiler.takePreciseCoverage");
await api.getGuestConnection(GUEST);
const { result } = (await session.post("Profiler.takePreciseCoverage")) as { result: ScriptCoverage[] };
await session.post("Profiler.stopPreciseCoverage");
session.disconnect();

const modules: Record<string, Record<string, number>> = {};
for (const script of result) {
  const path = script.url.startsWith("file://") ? fileURLToPath(script.url) : script.url;
  if (!path.startsWith(ROOT) || path.includes("/node_modules/") || path.includes("/test/")) continue;
  for (const fn of script.functions) {
    const range = fn.ranges[0];
    // The module's own top level (the range from offset 0) ran when it was loaded, not in the call;
    // the loader's `__name` helper is no code of the package's.
    if (!range || range.count === 0 || range.startOffset === 0 || fn.functionName === "__name") continue;
    (modules[path.slice(ROOT.length)] ??= {})[fn.functionName || `(anonymous at ${range.startOffset})`] = range.count;
  }
}
console.log(JSON.stringify(modules));
