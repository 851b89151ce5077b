/**
 * `npm run diff`: the changes between the spec of the last release (openapi/baseline/) and the
 * current bundle (generated/openapi.json), each classified with its rule and operations.
 *   npm run diff                 the report as text
 *   npm run diff -- --markdown   the report as Markdown (the changelog's form)
 *   npm run diff -- --check      exit 1 on a breaking change that neither a new major version
 *                                (caret semantics: the minor for 0.x) nor the reviewed
 *                                allow-list (openapi/baseline/allowed-changes.json) announces
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { OpenApiDocument } from "../src/spec/openapi-document.ts";
import { generatedDir, repoRoot } from "./lib/paths.ts";
import { breakingPart, readBaseline, unannouncedBreaking } from "./lib/release-baseline.ts";
import { renderMarkdown, renderText } from "./lib/render-changes.ts";
import { diffSpecs } from "../src/spec/spec-diff.ts";

const { values } = parseArgs({ options: { markdown: { type: "boolean", default: false }, check: { type: "boolean", default: false } } });
const baseline = await readBaseline();
const current = JSON.parse(await readFile(join(generatedDir, "openapi.json"), "utf8")) as OpenApiDocument;
const { version } = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { version: string };
const changes = diffSpecs(baseline.spec, current);

console.log(values.markdown ? renderMarkdown(changes) : renderText(changes));
if (values.check) {
  const blocking = unannouncedBreaking(changes, baseline, version);
  if (blocking.length > 0) {
    console.error(
      `diff: ${blocking.length} breaking change(s) since ${baseline.packageVersion}, but the package version ${version} keeps the same ${breakingPart(version)}.\n` +
        "Raise it (npm version major; minor while 0.x), or list each change with its reason in openapi/baseline/allowed-changes.json.",
    );
    process.exitCode = 1;
  } else console.error(`diff: no unannounced breaking change since ${baseline.packageVersion}`);
}
