/** The drift check: stale, missing and stray files in generated/ each fail it, by name. */
import { execFile } from "node:child_process";
import { appendFile, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

async function check(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsxCli, "scripts/check-generated.ts", "--dir", dir], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run check:generated", () => {
  const scratch: string[] = [];
  afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

  async function copyOfGenerated(): Promise<string> {
    const dir = await mkdtemp(join(repoRoot, "node_modules", ".check-generated-"));
    scratch.push(dir);
    await cp(join(repoRoot, "generated"), dir, { recursive: true });
    return dir;
  }

  it("passes on the committed generated/", async () => {
    const result = await check(await copyOfGenerated());
    expect(result.stderr).not.toContain("stale");
    expect(result.code).toBe(0);
  });

  it("fails and names each stale, missing or stray file", async () => {
    const dir = await copyOfGenerated();
    await appendFile(join(dir, "schema.d.ts"), "\n// hand edit\n");
    await rm(join(dir, "openapi.json"));
    await writeFile(join(dir, "notes.txt"), "not generated");
    const result = await check(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/schema\.d\.ts is stale/);
    expect(result.stderr).toMatch(/openapi\.json is missing/);
    expect(result.stderr).toMatch(/notes\.txt is not produced by npm run generate/);
    expect(result.stderr).not.toMatch(/types\.d\.ts/);
  });
});
