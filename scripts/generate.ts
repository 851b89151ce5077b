/** `npm run generate`: writes generated/ from openapi/. */
import { generateArtifacts } from "./lib/generate-artifacts.ts";
import { generatedDir } from "./lib/paths.ts";

const files = await generateArtifacts(generatedDir);
console.log(`generate: wrote ${files.length} files to generated/ (${files.join(", ")})`);
