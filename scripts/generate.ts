/** `npm run generate`: writes generated/ from openapi/, the README's generated sections and the spec record into package.json. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateArtifacts } from "./lib/generate-artifacts.ts";
import { generatedDir, repoRoot } from "./lib/paths.ts";
import { specRecord, withSpecRecord } from "./lib/package-record.ts";
import { withSection } from "./lib/readme-sections.ts";

const { files, readmeSections, bundledJson } = await generateArtifacts(generatedDir);
const readmePath = join(repoRoot, "README.md");
let readme = await readFile(readmePath, "utf8");
for (const [section, content] of readmeSections) readme = withSection(readme, section, content);
await writeFile(readmePath, readme);
const packagePath = join(repoRoot, "package.json");
await writeFile(packagePath, withSpecRecord(await readFile(packagePath, "utf8"), specRecord(bundledJson)));
console.log(
  `generate: wrote ${files.length} files to generated/ (${files.join(", ")}), the README's operation and scenario tables and the spec record of package.json`,
);
