/**
 * The package as consumers get it: `npm pack`, the tarball installed into a throw-away project
 * outside the repository, a consumer file type-checked with a strict tsconfig under both
 * `moduleResolution: NodeNext` and `Bundler`, then run against the packaged mock, and the
 * `mycreditapp-mock` command started from the install, with the optional peers (Prism, msw, yaml)
 * installed beside it: MSW 3 on Node 22.12 and later, MSW 2 before, and the in-process handlers
 * intercept a real call on either. A second project installs the package alone, as a web
 * app that only uses the client and types does: its install is counted, and the entries that need
 * a peer fail with one line that says what to install. Anything left out of `files` or the
 * exports map, and any source map that points at a file the package does not ship, fails here.
 */
import { execFile, spawn } from "node:child_process";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
let project: string;
let clientOnly: string;
/** What a client-and-types consumer may install: the package, openapi-fetch and its one helper package. */
const CLIENT_ONLY_PACKAGES_AT_MOST = 3;
/** The MSW 3 a consumer on Node 22.12 or later installs. */
const MSW_3 = "3.0.5";
const [nodeMajor = 0, nodeMinor = 0] = process.versions.node.split(".").map(Number);
const runsMsw3 = nodeMajor > 22 || (nodeMajor === 22 && nodeMinor >= 12);

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
    "@stoplight/prism-cli": await lockedVersion("@stoplight/prism-cli"),
    // MSW 3 where it runs (Node 22.12 and later), MSW 2 elsewhere: both are supported peers.
    msw: runsMsw3 ? MSW_3 : await lockedVersion("msw"),
    yaml: await lockedVersion("yaml"),
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

  clientOnly = await mkdtemp(join(tmpdir(), "mycreditapp-client-only-"));
  await copyFile(join(project, tarball), join(clientOnly, tarball));
  const only = { name: "client-only", private: true, type: "module", dependencies: { "@mycreditapp/api-contract": `file:./${tarball}` } };
  await writeFile(join(clientOnly, "package.json"), JSON.stringify(only, null, 2));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: clientOnly, maxBuffer: 16 * 1024 * 1024 });
}, 240_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
  if (clientOnly) await rm(clientOnly, { recursive: true, force: true });
});

describe("the package with MSW 3 installed beside it", () => {
  let withMsw3: string | undefined;
  afterAll(async () => {
    if (withMsw3) await rm(withMsw3, { recursive: true, force: true });
  });

  it(
    runsMsw3 ? "loads the in-process mock on this Node" : "refuses the in-process mock on this Node in one line, instead of intercepting nothing",
    async () => {
      withMsw3 = await mkdtemp(join(tmpdir(), "mycreditapp-msw3-"));
      const tarball = (await readdir(project)).find((name) => name.endsWith(".tgz")) as string;
      await copyFile(join(project, tarball), join(withMsw3, tarball));
      const dependencies = { "@mycreditapp/api-contract": `file:./${tarball}`, msw: MSW_3 };
      await writeFile(join(withMsw3, "package.json"), JSON.stringify({ name: "msw3", private: true, type: "module", dependencies }, null, 2));
      // msw 3 declares Node 22.12; npm only warns, as it would for a consumer.
      await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: withMsw3, maxBuffer: 16 * 1024 * 1024 });
      const script = `console.log(await import("@mycreditapp/api-contract/msw").then((entry) => typeof entry.createMswHandlers, (error) => error.message));`;
      await writeFile(join(withMsw3, "check.mjs"), script);
      const { stdout } = await run(process.execPath, ["check.mjs"], { cwd: withMsw3 });
      if (runsMsw3) expect(stdout.trim()).toBe("function");
      else
        expect(stdout.trim()).toMatch(
          new RegExp(
            `^The in-process mock .* found msw ${MSW_3.replace(/\./g, "\\.")}, which needs Node 22\\.12 or later \\(this is Node ${process.versions.node.replace(/\./g, "\\.")}\\): use Node 22\\.12\\+ or msw 2`,
          ),
        );
    },
    120_000,
  );
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
    // One in-process handler for every operation of the packaged spec, between the one for malformed
    // path escapes and the one that answers every other request under the base URL (404, 405).
    expect(result["operations"]).toBeGreaterThan(0);
    expect(result["handlers"]).toBe((result["operations"] as number) + 2);
    // The in-process handlers intercepted a call and served the store's one connection, on the MSW this Node runs.
    expect(result).toMatchObject({ intercepted: 1, mswMajor: runsMsw3 ? 3 : 2 });
  }, 60_000);

  it("runs the README's quick start as it is written, in the project installed from the tarball", async () => {
    const readme = await readFile(join(root, "README.md"), "utf8");
    const block = /<!-- consumer-quick-start:start -->\s*```js\n([\s\S]*?)```\s*<!-- consumer-quick-start:end -->/.exec(readme)?.[1];
    expect(block).toBeDefined();
    await writeFile(join(project, "quick-start.mjs"), block as string);
    const { stdout } = await run(process.execPath, ["quick-start.mjs"], { cwd: project });
    expect(stdout.trim()).toMatch(/^\d+ of \d+ connections; the first is (?!undefined)(?!<string>)\S/);
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

  it("checks the packaged mock with the mycreditapp-contract command from the install, and finds it keeps the contract", async () => {
    const mock = spawn(join(project, "node_modules", ".bin", "mycreditapp-mock"), ["--port", "0"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        mock.once("exit", (code) => reject(new Error(`exited with ${code}`)));
        createInterface({ input: mock.stdout }).once("line", resolve);
      });
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] as string;
      const args = ["verify", "--base-url", url, "--requester-org", "054b4106-174b-46b0-97f8-86d8d7b6f0af", "--requests", "3", "--rate", "200", "--quiet"];
      const { stdout } = await run(join(project, "node_modules", ".bin", "mycreditapp-contract"), args, {
        cwd: project,
        env: { ...process.env, MYCREDITAPP_TOKEN: "packed-token" },
      });
      expect(stdout).toMatch(/keeps the contract: \d+ requests, 0 failures, 0 warnings/);
    } finally {
      const exited = new Promise((resolve) => mock.once("exit", resolve));
      mock.kill("SIGTERM");
      await exited;
    }
  }, 60_000);

  it("ships generated/ once, and every source map points at files it ships", async () => {
    const installed = join(project, "node_modules", "@mycreditapp", "api-contract");
    expect(await readdir(installed)).not.toContain("generated");
    const maps = (await readdir(join(installed, "dist"), { recursive: true })).filter((name) => name.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(await readFile(join(installed, "dist", map), "utf8")) as { sources: string[] };
      for (const source of sources) {
        const file = join(installed, "dist", map, "..", source);
        await readFile(file).catch(() => missing.push(`${map} → ${source}`));
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("the package installed alone, as a client-and-types consumer has it", () => {
  it(`installs at most ${CLIENT_ONLY_PACKAGES_AT_MOST} packages: itself and openapi-fetch's`, async () => {
    const { stdout } = await run("npm", ["ls", "--all", "--parseable"], { cwd: clientOnly });
    const packages = stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((path) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(packages.length, packages.join(", ")).toBeLessThanOrEqual(CLIENT_ONLY_PACKAGES_AT_MOST);
    expect(packages).toContain("openapi-fetch");
  });

  it("runs the client, and each entry that needs a missing peer fails with one line that says what to install", async () => {
    const script = `
      const results = {};
      const client = await import("@mycreditapp/api-contract");
      results.client = typeof client.createMyCreditAppClient({ token: "t", requesterOrganizationId: "054b4106-174b-46b0-97f8-86d8d7b6f0af" }).listGuestConnections;
      results.msw = await import("@mycreditapp/api-contract/msw").then(() => "loaded", (error) => error.message);
      const mock = await import("@mycreditapp/api-contract/mock");
      results.mock = await mock.startMockServer().then((server) => server.close().then(() => "started"), (error) => error.message);
      console.log(JSON.stringify(results));
    `;
    await writeFile(join(clientOnly, "check.mjs"), script);
    const { stdout } = await run(process.execPath, ["check.mjs"], { cwd: clientOnly });
    const results = JSON.parse(stdout.trim()) as Record<string, string>;
    expect(results["client"]).toBe("function");
    expect(results["msw"]).toMatch(
      /^The in-process mock .* needs msw, which is not installed: npm install --save-dev msw \(2\.10\.5 or later; 3\.x on Node 22\.12 or later\)$/,
    );
    expect(results["mock"]).toMatch(/needs @stoplight\/prism-cli, which is not installed: npm install --save-dev @stoplight\/prism-cli@5\.14\.2$/);
    const bin = await run(join(clientOnly, "node_modules", ".bin", "mycreditapp-mock"), ["--port", "0"], { cwd: clientOnly }).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect((bin as { code: number }).code).toBe(1);
    expect((bin as { stderr: string }).stderr.trim().split("\n")).toHaveLength(1);
    expect((bin as { stderr: string }).stderr).toContain("npm install --save-dev @stoplight/prism-cli@5.14.2");
  }, 60_000);
});
