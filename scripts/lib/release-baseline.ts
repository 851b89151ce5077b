/**
 * The baseline of the breaking-change gate: the bundled spec of the last release
 * (openapi/baseline/openapi.json), the package version it was released as, and the reviewed
 * allow-list of breaking changes accepted without a major version (each with its reason).
 * `npm run release` refreshes all three.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { OpenApiDocument } from "../../src/spec/openapi-document.ts";
import { repoRoot } from "./paths.ts";
import type { Change } from "../../src/spec/spec-diff.ts";

export const baselineDir = join(repoRoot, "openapi", "baseline");

export interface AllowedChange {
  rule: string;
  location: string;
  reason: string;
}

export interface Baseline {
  spec: OpenApiDocument;
  packageVersion: string;
  allowed: AllowedChange[];
}

const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, "utf8")) as T;

export async function readBaseline(): Promise<Baseline> {
  const [spec, release, allowed] = await Promise.all([
    readJson<OpenApiDocument>(join(baselineDir, "openapi.json")),
    readJson<{ packageVersion: string }>(join(baselineDir, "release.json")),
    readJson<AllowedChange[]>(join(baselineDir, "allowed-changes.json")),
  ]);
  for (const entry of allowed) {
    if (!entry.rule || !entry.location || !entry.reason?.trim())
      throw new Error(`allowed-changes.json: every entry needs a rule, a location and a reason: ${JSON.stringify(entry)}`);
  }
  return { spec, packageVersion: release.packageVersion, allowed };
}

/**
 * The version part whose increase announces breaking changes, with npm's caret semantics: the
 * major, or for 0.x the minor, or for 0.0.x the patch.
 */
export function breakingPart(version: string): string {
  const [major = "0", minor = "0", patch = "0"] = version.split(/[.+-]/);
  if (major !== "0") return `major ${major}`;
  if (minor !== "0") return `0.minor ${minor}`;
  return `0.0.patch ${patch}`;
}

/** Breaking changes neither announced by the version nor allowed by the reviewed list. */
export function unannouncedBreaking(changes: Change[], baseline: Baseline, packageVersion: string): Change[] {
  if (breakingPart(packageVersion) !== breakingPart(baseline.packageVersion)) return [];
  return changes.filter(
    (change) => change.kind === "breaking" && !baseline.allowed.some((entry) => entry.rule === change.rule && entry.location === change.location),
  );
}
