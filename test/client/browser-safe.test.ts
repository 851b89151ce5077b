/**
 * The client, the validators and the in-process mock entries must run in browsers: bundled for the browser platform,
 * they resolve no Node built-in module and pull in no Node-only file of the package.
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs);
}

describe("browser safety", () => {
  it.each([
    ["the client entry", 'export * from "./src/index.ts";', "src/request-checks/check-value.ts"],
    ["the validators entry", 'export * from "./src/response-validators/index.ts";', "generated/response-validators.js"],
    ["the in-process mock entry (msw)", 'export * from "./src/msw/index.ts";', "src/msw/handlers.ts"],
  ])("%s bundles for the browser without Node modules", async (_name, entry, expected) => {
    const inputs = await bundledInputs(entry);
    expect(inputs.filter((input) => input.startsWith("node:") || input.includes("src/mock/"))).toEqual([]);
    expect(inputs).toContain(expected);
  });

  it("keeps the compiled response validators out of the client entry", async () => {
    const inputs = await bundledInputs('export { createMyCreditAppClient } from "./src/index.ts";');
    expect(inputs).toContain("src/client/call.ts");
    expect(inputs.filter((input) => input.includes("response-validators"))).toEqual([]);
  });

  it("would notice a Node import", async () => {
    await expect(bundledInputs('import "node:fs"; export * from "./src/index.ts";')).rejects.toThrow(/node:fs/);
  });
});
