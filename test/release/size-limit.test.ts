/**
 * The client entry's size limit, measured on what the bundle really holds (esbuild, minified,
 * gzip, and its metafile): an absolute limit at the five operations the spec had when it was set,
 * plus at most 150 bytes for each further operation, measured by generating the client
 * for the spec plus synthetic operations in a copy of the package. test/client/browser-safe.test.ts
 * checks that the validators and Node modules stay out.
 */
import { describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import { bundle, CLIENT_ENTRY, clientLimit, perOperationCost, PER_OPERATION_LIMIT, type Bundle } from "../../scripts/bench/bundle-size.ts";
import { partOf } from "../../scripts/bench/entry-parts.ts";

const operationCount = Object.keys(operationTable).length;
// The same limit the bench reports against (see bundle-size.ts).
const limit = clientLimit(operationCount);

describe("the client entry's size", () => {
  let client: Bundle;

  it(`is at most ${limit} bytes (gzip) for the spec's ${operationCount} operations`, async () => {
    client = await bundle(CLIENT_ENTRY);
    expect(client.gzip).toBeLessThanOrEqual(limit);
  });

  it("holds openapi-fetch, its one request engine, and the request rules of the operation table, not its documentation and examples", () => {
    const inputs = Object.keys(client.inputs);
    expect(inputs).toContain("generated/operations.js");
    expect(inputs.filter((path) => path.includes("openapi-fetch")).length).toBeGreaterThan(0);
    for (const entry of Object.values(operationTable)) {
      expect(client.text, entry.operationId).not.toContain(entry.summary);
      for (const example of Object.values(entry.success.examples)) expect(client.text).not.toContain(JSON.stringify(example.value));
    }
  });

  it("has every module it bundles placed in one part of the bench's breakdown", () => {
    const bundled = Object.entries(client.inputs).filter(([, bytes]) => bytes > 0);
    expect(bundled.length).toBeGreaterThan(5);
    for (const [path] of bundled) expect(() => partOf(path), path).not.toThrow();
  });

  it(`grows by at most ${PER_OPERATION_LIMIT} bytes (gzip) per operation added to the spec`, async () => {
    const cost = await perOperationCost(10);
    expect(cost.grownGzip).toBeGreaterThan(cost.baseGzip);
    expect(cost.perOperationGzip).toBeLessThanOrEqual(PER_OPERATION_LIMIT);
  }, 60_000);
});
