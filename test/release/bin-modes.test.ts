/**
 * The build marks the package's bins executable (scripts/lib/bin-modes.ts): without it, `npx
 * mycreditapp-contract` in a clone after `npm run build` fails with "Permission denied".
 */
import { mkdtemp, mkdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markBinsExecutable } from "../../scripts/lib/bin-modes.ts";

describe("the build's bins", () => {
  it("sets the run bit on every file package.json names in bin, and only those", async () => {
    const root = await mkdtemp(join(tmpdir(), "bin-modes-"));
    try {
      await mkdir(join(root, "dist"), { recursive: true });
      await writeFile(join(root, "package.json"), JSON.stringify({ bin: { one: "./dist/one.js", two: "./dist/two.js" } }));
      for (const name of ["one.js", "two.js", "other.js"]) await writeFile(join(root, "dist", name), "#!/usr/bin/env node\n", { mode: 0o644 });
      expect(await markBinsExecutable(root)).toEqual(["./dist/one.js", "./dist/two.js"]);
      const mode = async (name: string) => (await stat(join(root, "dist", name))).mode & 0o777;
      expect(await mode("one.js")).toBe(0o755);
      expect(await mode("two.js")).toBe(0o755);
      expect(await mode("other.js")).toBe(0o644);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
