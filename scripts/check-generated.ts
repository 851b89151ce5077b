/**
 * `npm run check:generated`: regenerates into a temporary directory and fails, naming each stale,
 * missing or unexpected file, when generated/ does not match openapi/.
 * `--dir PATH` compares another directory instead of generated/ (the tests use it).
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { generateArtifacts } from "./lib/generate-artifacts.ts";
import { generatedDir as defaultDir, repoRoot } from "./lib/paths.ts";
import { specRecord, withSpecRecord } from "./lib/package-record.ts";
import { withSection } from "./lib/doc-sections.ts";

const generatedDir = parseArgs({ options: { dir: { type: "string" } } }).values.dir ?? defaultDir;
const shown = relative(repoRoot, generatedDir).replaceAll("\\", "/") || ".";

const readOrNull = (file: string): Promise<string | null> => readFile(file, "utf8").catch(() => null);

const scratch = await mkdtemp(join(tmpdir(), "api-contract-generated-"));
try {
  const { files: expected, docSections, bundledJson } = await generateArtifacts(scratch);
  const committed = await readdir(generatedDir).catch(() => [] as string[]);
  const problems: string[] = [];
  for (const name of expected) {
    const [fresh, current] = await Promise.all([readOrNull(join(scratch, name)), readOrNull(join(generatedDir, name))]);
    if (current === null) problems.push(`${shown}/${name} is missing`);
    else if (current !== fresh) problems.push(`${shown}/${name} is stale`);
  }
  for (const name of committed.filter((n) => !expected.includes(n))) {
    problems.push(`${shown}/${name} is not produced by npm run generate`);
  }
  if (generatedDir === defaultDir) {
    for (const [section, content] of docSections) {
      const page = await readFile(join(repoRoot, section.file), "utf8");
      if (withSection(page, section, content) !== page) problems.push(`${section.file}'s section ${section.start} is stale`);
    }
    const manifest = await readFile(join(repoRoot, "package.json"), "utf8");
    if (withSpecRecord(manifest, specRecord(bundledJson)) !== manifest) problems.push("package.json's apiContract record (spec version and hash) is stale");
  }
  if (problems.length > 0) {
    console.error(`check:generated: ${shown}/ does not match openapi/:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    console.error("Run `npm run generate` and commit the result.");
    process.exitCode = 1;
  } else {
    console.log(`check:generated: ${shown}/ is up to date (${expected.length} files)`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
