/** `npm run generate`: writes generated/ from openapi/, the scenario table into README.md and the spec record into package.json. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { generateArtifacts } from "./lib/generate-artifacts.ts";
import type { OpenApiDocument } from "./lib/openapi-document.ts";
import { generatedDir, repoRoot } from "./lib/paths.ts";
import { specRecord, withSpecRecord } from "./lib/package-record.ts";
import { renderScenarios, withScenarios } from "./lib/render-scenarios.ts";

const files = await generateArtifacts(generatedDir);
const spec = parse(await readFile(join(generatedDir, "openapi.yaml"), "utf8")) as OpenApiDocument;
const readmePath = join(repoRoot, "README.md");
await writeFile(readmePath, withScenarios(await readFile(readmePath, "utf8"), renderScenarios(spec)));
const packagePath = join(repoRoot, "package.json");
const record = specRecord(await readFile(join(generatedDir, "openapi.json"), "utf8"));
await writeFile(packagePath, withSpecRecord(await readFile(packagePath, "utf8"), record));
console.log(`generate: wrote ${files.length} files to generated/ (${files.join(", ")}), the scenario table of README.md and the spec record of package.json`);
