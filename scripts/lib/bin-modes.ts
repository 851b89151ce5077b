/**
 * Marks the package's `bin` files executable. tsc writes files without the run bit, and `npx
 * mycreditapp-contract` in a clone (npm runs the project's own bin in place) or a `dist/` copied as
 * it is would fail with "Permission denied"; `npm pack` sets the bit in the tarball, but only there.
 */
import { chmod, readFile } from "node:fs/promises";
import { join } from "node:path";

/** Sets mode 755 on every file the package.json in `root` names in `bin`; returns their paths. */
export async function markBinsExecutable(root: string): Promise<string[]> {
  const { bin } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { bin?: string | Record<string, string> };
  const files = typeof bin === "string" ? [bin] : Object.values(bin ?? {});
  for (const file of files) await chmod(join(root, file), 0o755);
  return files;
}
