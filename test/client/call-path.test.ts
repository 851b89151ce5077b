/**
 * A call is easy to follow: one GET from `createMyCreditAppClient`'s method to `fetch` and back runs
 * code in at most six of the package's modules, its lifecycle in one of them (client/call.ts), and
 * the method's own module only to start it. Measured with V8's precise coverage around one call,
 * in a process of its own (test/support/call-trace.ts).
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const trace = (): Record<string, Record<string, number>> =>
  JSON.parse(execFileSync(process.execPath, ["--import", "tsx", new URL("../support/call-trace.ts", import.meta.url).pathname], { encoding: "utf8" }));

describe("one GET through the client", () => {
  it("runs in at most six of the package's modules, its whole lifecycle in client/call.ts", () => {
    const modules = trace();
    const names = Object.keys(modules).sort();
    expect(names.length, names.join(", ")).toBeLessThanOrEqual(6);
    expect(names).toContain("src/client/call.ts");
    // The lifecycle ran once, and the method's module only started it: no bouncing back and forth.
    expect(modules["src/client/call.ts"]?.["run"]).toBe(1);
    expect(Object.values(modules["src/client/create-client.ts"] ?? {}).every((count) => count === 1)).toBe(true);
    // The lifecycle's own helpers are not spread over other modules of the client.
    expect(names.filter((name) => name.startsWith("src/client/"))).toEqual(["src/client/call.ts", "src/client/create-client.ts"]);
  });
});
