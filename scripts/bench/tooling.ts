/**
 * Tooling costs beside their plain peers: `npm run generate` (bundle, types, named types, request
 * rules, compiled validators, scenarios) against plain `openapi-typescript` on the bundled spec,
 * both as fresh processes; and the type-check cost of a consumer file using the client against the
 * same calls on plain openapi-fetch (`tsc --extendedDiagnostics`: check time and instantiations),
 * both reading the package as published (dist/ declarations, built first), as consumers do.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../lib/paths.ts";
import { median } from "./measure.ts";

const run = promisify(execFile);
const resolve = createRequire(import.meta.url).resolve;
const GENERATE_ROUNDS = 3;

export interface ToolingResult {
  generateMs: { ours: number; openapiTypescript: number; ratio: number };
  typeCheck: { client: TypeCheckFigures; openapiFetch: TypeCheckFigures };
}

export interface TypeCheckFigures {
  checkSeconds: number;
  instantiations: number;
}

async function timed(command: string[], cwd = repoRoot): Promise<number> {
  const started = performance.now();
  await run(process.execPath, command, { cwd });
  return performance.now() - started;
}

async function typeCheck(file: string, scratch: string): Promise<TypeCheckFigures> {
  const config = join(scratch, `tsconfig.${file.replace(/\W/g, "-")}.json`);
  await writeFile(
    config,
    JSON.stringify({
      extends: join(repoRoot, "tsconfig.json"),
      compilerOptions: { types: [] },
      include: [],
      files: [join(repoRoot, "scripts/bench/consumer", file)],
    }),
  );
  const { stdout } = await run(process.execPath, [resolve("typescript/bin/tsc"), "-p", config, "--extendedDiagnostics"], { cwd: repoRoot });
  const figure = (label: string): number => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(stdout)?.[1] ?? Number.NaN);
  return { checkSeconds: figure("Check time"), instantiations: figure("Instantiations") };
}

export async function benchTooling(): Promise<ToolingResult> {
  const scratch = await mkdtemp(join(tmpdir(), "bench-tooling-"));
  try {
    await run(process.execPath, ["--import", "tsx", join(repoRoot, "scripts/build.ts")], { cwd: repoRoot });
    const ours: number[] = [];
    const peer: number[] = [];
    // The package's exports map hides bin/; its bin entry sits beside package.json.
    const openapiTs = join(resolve("openapi-typescript/package.json"), "..", "bin", "cli.js");
    for (let round = 0; round < GENERATE_ROUNDS; round++) {
      ours.push(await timed(["--import", "tsx", join(repoRoot, "scripts/bench/generate-once.ts")]));
      // Run from the scratch folder: in the repo, openapi-typescript would follow redocly.yaml and
      // write generated/ itself.
      peer.push(await timed([openapiTs, join(repoRoot, "generated/openapi.yaml"), "--output", join(scratch, "schema.d.ts")], scratch));
    }
    return {
      generateMs: { ours: median(ours), openapiTypescript: median(peer), ratio: median(ours) / median(peer) },
      typeCheck: { client: await typeCheck("with-client.ts", scratch), openapiFetch: await typeCheck("with-openapi-fetch.ts", scratch) },
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
