/**
 * Where the client entry's bytes go, by feature: for each part, how much smaller the entry's
 * gzip would be without it. Measured by leaving the part's modules out of the bundle and minifying
 * and gzipping the rest, since gzip shares strings across modules and a module's own minified
 * size overstates what it costs. The parts do not add up to the whole for the same reason.
 * Every module the entry bundles belongs to exactly one part, so the figures cannot go stale.
 */
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";
import { repoRoot } from "../lib/paths.ts";
import { CLIENT_ENTRY } from "./bundle-size.ts";

/** The entry's parts, each as the modules (paths relative to the root, as esbuild names them) it is made of. */
export const ENTRY_PARTS: Readonly<Record<string, readonly string[]>> = {
  "openapi-fetch (the request engine)": ["node_modules/openapi-fetch/dist/index.mjs"],
  "operation table (routes and request rules)": ["generated/operations.js"],
  "request checks (the server's own error items)": ["src/request-checks/check-value.ts", "src/spec/formats.ts"],
  "client and call options: checks, defaults": [
    "src/client/client-options.ts",
    "src/client/call-options.ts",
    "src/http/base-url.ts",
    "src/http/header-name.ts",
  ],
  "a call's lifecycle: checks, token, tries, time-out, judging": ["src/client/call.ts", "src/client/retry.ts", "src/http/bearer-token.ts"],
  "URLs: the safe serializers": ["src/client/refuse-dot-segment.ts", "src/http/request-url.ts", "src/spec/path-template.ts"],
  "error classes": ["src/client/errors.ts"],
  redaction: ["src/client/redact.ts", "src/http/untrusted-text.ts"],
  "methods, raw, paginate and collectAll": ["src/client/create-client.ts", "src/client/paginate.ts"],
};

export interface EntryPart {
  part: string;
  /** How much smaller the entry's gzip is without the part. */
  savedGzip: number;
}

/** The unminified bundle split at esbuild's `// path` comments: each module's path and code. */
async function modules(root: string): Promise<{ path: string; code: string }[]> {
  const result = await build({
    stdin: { contents: CLIENT_ENTRY, resolveDir: root, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const text = result.outputFiles[0]?.text ?? "";
  return text
    .split(/^(?=\/\/ (?:src|generated|node_modules)\/)/m)
    .map((code) => ({ path: /^\/\/ (\S+)/.exec(code)?.[1] ?? "(code before the first module)", code }));
}

const minifiedGzip = async (code: string): Promise<number> => gzipSync((await transform(code, { minify: true, format: "esm" })).code, { level: 9 }).length;

/** The part a module belongs to; throws for a module no part names, so a new module must be placed. */
export function partOf(path: string): string {
  const found = Object.entries(ENTRY_PARTS).find(([, paths]) => paths.includes(path));
  if (!found) throw new Error(`the client entry bundles ${path}, which no part of ENTRY_PARTS names`);
  return found[0];
}

export async function entryParts(root = repoRoot): Promise<{ totalGzip: number; parts: EntryPart[] }> {
  const all = await modules(root);
  const owners = all.map(({ path }) => partOf(path));
  const totalGzip = await minifiedGzip(all.map(({ code }) => code).join(""));
  const parts: EntryPart[] = [];
  for (const part of new Set(owners)) {
    const rest = all.filter((_, index) => owners[index] !== part).map(({ code }) => code);
    parts.push({ part, savedGzip: totalGzip - (await minifiedGzip(rest.join(""))) });
  }
  return { totalGzip, parts: parts.sort((a, b) => b.savedGzip - a.savedGzip) };
}
