/**
 * `npm run check:generated`: regenerates into a temporary directory and fails, naming each stale,
 * missing or unexpected file, when generated/ does not match openapi/.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateArtifacts } from "./lib/generate-artifacts.ts";
import { generatedDir } from "./lib/paths.ts";

const readOrNull = (file: string): Promise<string | null> => readFile(file, "utf8").catch(() => null);

const scratch = await mkdtemp(join(tmpdir(), "api-contract-generated-"));
try {
  const expected = await generateArtifacts(scratch);
  const committed = await readdir(generatedDir).catch(() => [] as string[]);
  const problems: string[] = [];
  for (const name of expected) {
    const [fresh, current] = await Promise.all([readOrNull(join(scratch, name)), readOrNull(join(generatedDir, name))]);
    if (current === null) problems.push(`generated/${name} is missing`);
    else if (current !== fresh) problems.push(`generated/${name} is stale`);
  }
  for (const name of committed.filter((n) => !expected.includes(n))) {
    problems.push(`generated/${name} is not produced by npm run generate`);
  }
  if (problems.length > 0) {
    console.error("check:generated: generated/ does not match openapi/:");
    for (const problem of problems) console.error(`  - ${problem}`);
    console.error("Run `npm run generate` and commit the result.");
    process.exitCode = 1;
  } else {
    console.log(`check:generated: generated/ is up to date (${expected.length} files)`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
