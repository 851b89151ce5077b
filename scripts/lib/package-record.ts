/**
 * What package.json records about the spec it ships: `info.version` and the SHA-256 of the
 * bundled spec (generated/openapi.json), so a consumer can tell exactly which contract a version
 * of the package carries. Written by `npm run generate`, checked by `npm run check:generated`.
 */
import { createHash } from "node:crypto";

export interface SpecRecord {
  specVersion: string;
  specSha256: string;
}

export function specRecord(openapiJson: string): SpecRecord {
  const { info } = JSON.parse(openapiJson) as { info: { version: string } };
  return { specVersion: info.version, specSha256: createHash("sha256").update(openapiJson).digest("hex") };
}

/** package.json's text with its `apiContract` record set to `record`, formatted as npm writes it. */
export function withSpecRecord(packageJson: string, record: SpecRecord): string {
  const manifest = JSON.parse(packageJson) as Record<string, unknown>;
  manifest["apiContract"] = record;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
