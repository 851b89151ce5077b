/** Runs the generator once into a temporary directory (what `npm run generate` does), for timing. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateArtifacts } from "../lib/generate-artifacts.ts";

const dir = await mkdtemp(join(tmpdir(), "bench-generate-"));
try {
  await generateArtifacts(dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
