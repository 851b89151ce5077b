/**
 * `npm run build`: compiles src/ to dist/src/ and copies the generated spec and types to
 * dist/generated/, so that the relative imports of the compiled code resolve inside dist/, and marks
 * the package's bins executable.
 */
import { execFile } from "node:child_process";
import { cp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { markBinsExecutable } from "./lib/bin-modes.ts";
import { generatedDir, repoRoot } from "./lib/paths.ts";

const dist = join(repoRoot, "dist");
await rm(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: repoRoot });
await cp(generatedDir, join(dist, "generated"), { recursive: true, filter: (source) => !source.endsWith("README.md") });
const bins = await markBinsExecutable(repoRoot);
console.log(`build: wrote dist/ (dist/src from src/, dist/generated from generated/; ${bins.join(", ")} executable)`);
