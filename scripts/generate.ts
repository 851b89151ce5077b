/** `npm run generate`: writes generated/ from openapi/, and the scenario table into README.md. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { generateArtifacts } from "./lib/generate-artifacts.ts";
import type { OpenApiDocument } from "./lib/openapi-document.ts";
import { generatedDir, repoRoot } from "./lib/paths.ts";
import { renderScenarios, withScenarios } from "./lib/render-scenarios.ts";

const files = await generateArtifacts(generatedDir);
const spec = parse(await readFile(join(generatedDir, "openapi.yaml"), "utf8")) as OpenApiDocument;
const readmePath = join(repoRoot, "README.md");
await writeFile(readmePath, withScenarios(await readFile(readmePath, "utf8"), renderScenarios(spec)));
console.log(`generate: wrote ${files.length} files to generated/ (${files.join(", ")}) and the scenario table of README.md`);
