import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * A lane of .ci/run may run the suites against another msw (MSW 3, installed in test/node-lanes):
 * `MSW_FROM` names the folder that holds it, and each `msw` entry the tests and the package import
 * resolves to that msw's own file for it, read from its exports map (a plain path would skip them).
 */
function mswAliases(from: string): { find: RegExp; replacement: string }[] {
  const root = fileURLToPath(new URL(`${from}/node_modules/msw/`, import.meta.url));
  const { exports } = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { exports: Record<string, string | { default?: string }> };
  return [".", "./node", "./browser", "./package.json"].map((subpath) => {
    const target = exports[subpath];
    const file = typeof target === "string" ? target : (target?.default ?? "");
    return { find: new RegExp(`^msw${subpath === "." ? "" : subpath.slice(1).replace(".", "\\.")}$`), replacement: `${root}${file.slice(2)}` };
  });
}

const mswFrom = process.env["MSW_FROM"];
/**
 * The suite against a real FastAPI server (test/fastapi) needs a Python with FastAPI, which
 * .ci/fastapi-lane.sh provides and names in `FASTAPI_PYTHON`; without it that suite is not part of the run.
 */
const fastApiLane = process.env["FASTAPI_PYTHON"] !== undefined;

export default defineConfig({
  ...(mswFrom && { resolve: { alias: mswAliases(mswFrom) } }),
  test: {
    include: fastApiLane ? ["test/fastapi/**/*.test.ts"] : ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(fastApiLane ? [] : ["test/fastapi/**"])],
    // One Prism mock for the whole run: started before the first test file, stopped after the last.
    globalSetup: ["test/support/mock-server.global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
