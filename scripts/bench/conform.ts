/**
 * `conform`'s cost on a FastAPI document for these operations (the Pydantic 2 fixture of
 * test/conform): in process, beside the package's differ alone on the same pair without the
 * dialect rules (what a plain structural comparison costs, and which reports hundreds of spelling
 * differences); and the built command as a fresh process, as a backend's CI runs it.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { conformDocuments } from "../../src/conform/conform.ts";
import type { OpenApiDocument } from "../../src/spec/openapi-document.ts";
import { diffSpecs } from "../../src/spec/spec-diff.ts";
import { repoRoot } from "../lib/paths.ts";
import { interleaved, median, pairedRatio } from "./measure.ts";

const FIXTURE = join(repoRoot, "test/conform/fixtures/fastapi-pydantic2.json");
const ROUNDS = 41;
const PER_ROUND = 5;
const COMMAND_RUNS = 5;

export interface ConformBench {
  /** Milliseconds per comparison, in process. */
  conformMs: number;
  plainDiffMs: number;
  ratio: number;
  /** What the plain differ reports for the pair, against conform's findings. */
  plainChanges: number;
  conformFindings: number;
  /** The built command, a fresh process, end to end. */
  commandMs: number;
}

export async function benchConform(): Promise<ConformBench> {
  const contract = JSON.parse(readFileSync(join(repoRoot, "generated/openapi.json"), "utf8")) as OpenApiDocument;
  const server = JSON.parse(readFileSync(FIXTURE, "utf8")) as OpenApiDocument;
  let findings = 0;
  let changes = 0;
  const figures = await interleaved(
    [
      {
        name: "conform",
        round: async () => {
          for (let index = 0; index < PER_ROUND; index++) findings = conformDocuments(contract, server, { source: "bench" }).findings.length;
          return PER_ROUND;
        },
      },
      {
        name: "plain",
        round: async () => {
          for (let index = 0; index < PER_ROUND; index++) changes = diffSpecs(contract, server).length;
          return PER_ROUND;
        },
      },
    ],
    ROUNDS,
  );
  const command: number[] = [];
  for (let run = 0; run < COMMAND_RUNS; run++) {
    const started = performance.now();
    // Exit 0: the fixture conforms (two warnings).
    await promisify(execFile)(process.execPath, [join(repoRoot, "dist/src/contract/cli.js"), "conform", FIXTURE], { cwd: repoRoot });
    command.push(performance.now() - started);
  }
  return {
    conformMs: (figures.medians["conform"] ?? Number.NaN) / 1000,
    plainDiffMs: (figures.medians["plain"] ?? Number.NaN) / 1000,
    ratio: pairedRatio(figures, "conform", "plain"),
    plainChanges: changes,
    conformFindings: findings,
    commandMs: median(command),
  };
}
