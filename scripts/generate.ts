/** `npm run generate`: writes generated/ from openapi/, the docs' generated sections and the spec record into package.json. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateArtifacts } from "./lib/generate-artifacts.ts";
import { generatedDir, repoRoot } from "./lib/paths.ts";
import { specRecord, withSpecRecord } from "./lib/package-record.ts";
import { withSection } from "./lib/doc-sections.ts";

const { files, docSections, bundledJson } = await generateArtifacts(generatedDir);
for (const [section, content] of docSections) {
  const path = join(repoRoot, section.file);
  await writeFile(path, withSection(await readFile(path, "utf8"), section, content));
}
const packagePath = join(repoRoot, "package.json");
await writeFile(packagePath, withSpecRecord(await readFile(packagePath, "utf8"), specRecord(bundledJson)));
console.log(
  `generate: wrote ${files.length} files to generated/ (${files.join(", ")}), the operation and scenario tables in docs/ and the spec record of package.json`,
);
