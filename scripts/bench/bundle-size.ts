/**
 * Bundle weight as a browser app would ship it: esbuild, minified, gzip level 9. The client entry
 * (everything `createMyCreditAppClient` pulls in, openapi-fetch included) against openapi-fetch
 * alone, and the separate response validators entry.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { repoRoot } from "../lib/paths.ts";

export interface BundleSizeResult {
  openapiFetchGzip: number;
  clientGzip: number;
  clientAddedGzip: number;
  validatorsGzip: number;
}

async function gzippedSize(entry: string): Promise<number> {
  const result = await build({
    stdin: { contents: entry, resolveDir: repoRoot, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  return gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array(), { level: 9 }).length;
}

export async function benchBundleSize(): Promise<BundleSizeResult> {
  const openapiFetchGzip = await gzippedSize('export { default as createClient } from "openapi-fetch";');
  const clientGzip = await gzippedSize('export { createMyCreditAppClient } from "./src/index.ts";');
  const validatorsGzip = await gzippedSize('export { validateResponse } from "./src/response-validators/index.ts";');
  return { openapiFetchGzip, clientGzip, clientAddedGzip: clientGzip - openapiFetchGzip, validatorsGzip };
}
