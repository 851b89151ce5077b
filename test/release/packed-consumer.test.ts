/**
 * The package as consumers get it: `npm pack`, the tarball installed into a throw-away project
 * outside the repository, a consumer file type-checked with a strict tsconfig under both
 * `moduleResolution: NodeNext` and `Bundler`, then run against the packaged mock, and the
 * `mycreditapp-mock` command started from the install (Prism comes with the package). Anything
 * left out of `files` or the exports map fails here.
 */
import { execFile, spawn } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
let project: string;

/** The versions this repository locks, so the install is served from the npm cache. */
async function lockedVersion(name: string): Promise<string> {
  const lock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
  const found = lock.packages[`node_modules/${name}`]?.version;
  if (!found) throw new Error(`${name} is not in package-lock.json`);
  return found;
}

const strict = {
  target: "ES2022",
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
  types: ["node"],
};

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "mycreditapp-consumer-"));
  const { stdout } = await run("npm", ["pack", "--pack-destination", project, "--silent"], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const tarball = stdout.trim().split("\n").at(-1) as string;
  const dependencies = {
    "@mycreditapp/api-contract": `file:./${tarball}`,
    msw: await lockedVersion("msw"),
    typescript: await lockedVersion("typescript"),
    "@types/node": await lockedVersion("@types/node"),
  };
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies }, null, 2));
  await copyFile(join(import.meta.dirname, "consumer", "consumer.ts"), join(project, "consumer.ts"));
  for (const [name, resolution] of [
    ["nodenext", { module: "NodeNext", moduleResolution: "NodeNext" }],
    ["bundler", { module: "ESNext", moduleResolution: "Bundler" }],
  ] as const) {
    const compilerOptions = { ...strict, ...resolution, ...(name === "nodenext" ? { outDir: "out" } : { noEmit: true }) };
    await writeFile(join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }, null, 2));
  }
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
}, 240_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

const tsc = (config: string) => run(process.execPath, [join(project, "node_modules/typescript/bin/tsc"), "-p", config], { cwd: project });

describe("the packed package in a consumer project", () => {
  it.each(["nodenext", "bundler"])("type-checks a strict consumer under moduleResolution %s", async (name) => {
    await expect(tsc(`tsconfig.${name}.json`)).resolves.toBeDefined();
  });

  it("runs the consumer against the packaged mock", async () => {
    const { stdout } = await run(process.execPath, [join(project, "out", "consumer.js")], { cwd: project });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) as string) as Record<string, unknown>;
    expect(result).toMatchObject({ notFound: true, boundStatus: 200, openapi: "3.1.0", yamlStartsWithOpenapi: true });
    expect(result["items"]).toBeGreaterThan(0);
    // One in-process handler for every operation of the packaged spec, after the one for malformed path escapes.
    expect(result["operations"]).toBeGreaterThan(0);
    expect(result["handlers"]).toBe((result["operations"] as number) + 1);
  }, 60_000);

  it("starts the mycreditapp-mock command from the install and stops it", async () => {
    const child = spawn(join(project, "node_modules", ".bin", "mycreditapp-mock"), ["--port", "0"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    const line = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
      createInterface({ input: child.stdout }).once("line", resolve);
    });
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
    expect(url).toBeDefined();
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);
});
