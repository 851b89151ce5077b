/**
 * `npm run release`: after `npm version …`, records the release: the diff since the last release
 * goes to the top of CHANGELOG.md under the new version, followed by what the `## Unreleased`
 * section says of the package itself (written by hand as changes land), and the current bundle,
 * the version and an empty allow-list become the new baseline of the breaking-change gate.
 */
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { OpenApiDocument } from "../src/spec/openapi-document.ts";
import { generatedDir, repoRoot } from "./lib/paths.ts";
import { baselineDir, readBaseline } from "./lib/release-baseline.ts";
import { renderMarkdown } from "./lib/render-changes.ts";
import { diffSpecs } from "../src/spec/spec-diff.ts";

const baseline = await readBaseline();
const current = JSON.parse(await readFile(join(generatedDir, "openapi.json"), "utf8")) as OpenApiDocument;
const { version } = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { version: string };
if (version === baseline.packageVersion) throw new Error(`release: ${version} is already the baseline; run npm version first`);

const changelogPath = join(repoRoot, "CHANGELOG.md");
const written = await readFile(changelogPath, "utf8").catch(() => "# Changelog\n");
// The hand-written notes of the package's own changes move into the release's entry.
const unreleased = /\n## Unreleased\n([\s\S]*?)(?=\n## |$)/.exec(written);
const changelog = unreleased ? written.replace(unreleased[0], "") : written;
const notes = unreleased?.[1]?.trim() ? `\n${unreleased[1].trim()}\n` : "";
const entry = `## ${version} (spec ${current.info.version}, ${new Date().toISOString().slice(0, 10)})\n\n${renderMarkdown(diffSpecs(baseline.spec, current)).trimEnd()}\n${notes}`;
// The newest entry goes above the previous ones, below the file's own introduction.
const firstEntry = changelog.indexOf("\n## ");
await writeFile(
  changelogPath,
  firstEntry < 0 ? `${changelog.trimEnd()}\n\n${entry}` : `${changelog.slice(0, firstEntry + 1)}${entry}\n${changelog.slice(firstEntry + 1)}`,
);
await copyFile(join(generatedDir, "openapi.json"), join(baselineDir, "openapi.json"));
await writeFile(join(baselineDir, "release.json"), `${JSON.stringify({ packageVersion: version }, null, 2)}\n`);
await writeFile(join(baselineDir, "allowed-changes.json"), "[]\n");
console.log(`release: CHANGELOG.md has ${version}; openapi/baseline/ now holds its spec`);
