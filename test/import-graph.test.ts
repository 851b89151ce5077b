/**
 * The code depends one way: openapi/ → the generator (scripts/) → generated/ → src/. Read from the
 * import statements of src/, scripts/ and generated/, and checked:
 * - src/ imports nothing from scripts/ or test/;
 * - the generator (scripts/generate.ts, scripts/check-generated.ts, scripts/lib/) imports from src/
 *   only the spec readers in src/spec/, never the client, the mocks or verify;
 * - src/spec/ imports nothing from generated/: the generator runs it before generated/ exists;
 * - generated/*.js imports nothing, and generated/*.d.ts only generated/ and the table's types
 *   (src/spec/operation-table.ts);
 * - the fronts (the mock server, MSW, the validating proxy and verify, their admission and what
 *   they share in src/http/) import nothing from the client: what both need lives below both;
 * - src/ has no import cycle.
 * Each rule is also shown to fail on a planted import.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("..", import.meta.url).pathname;

/** The repository's source files under `folders`, by path relative to the root, with their text. */
function sources(folders: string[]): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(join(ROOT, folder))) {
      const path = join(folder, name);
      if (name === "node_modules" || name === "consumer") continue;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.(ts|js|mjs)$/.test(name)) found.set(path, readFileSync(join(ROOT, path), "utf8"));
    }
  };
  for (const folder of folders) walk(folder);
  return found;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|(?:^|\n)\s*import\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

/** The relative imports of a file, resolved to repository paths (`.js` to the `.ts` beside it when there is one). */
function importsOf(path: string, text: string, files: Map<string, string>): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? "";
    if (!specifier.startsWith(".")) continue;
    const target = normalize(join(dirname(path), specifier));
    const candidates = [target, target.replace(/\.js$/, ".ts"), target.replace(/\.js$/, ".d.ts")];
    found.push(candidates.find((candidate) => files.has(candidate)) ?? target);
  }
  return found;
}

const FRONT = (path: string): boolean => ["src/mock/", "src/msw/", "src/contract/", "src/admission/", "src/http/"].some((folder) => path.startsWith(folder));

const GENERATOR = (path: string): boolean => path === "scripts/generate.ts" || path === "scripts/check-generated.ts" || path.startsWith("scripts/lib/");

/** Every import that goes the wrong way, and every cycle in src/, as one line each. */
function violations(files: Map<string, string>): string[] {
  const found: string[] = [];
  const graph = new Map<string, string[]>();
  for (const [path, text] of files) {
    const imports = importsOf(path, text, files);
    graph.set(path, imports);
    for (const target of imports) {
      const wrong =
        (path.startsWith("src/") && (target.startsWith("scripts/") || target.startsWith("test/"))) ||
        (GENERATOR(path) && target.startsWith("src/") && !target.startsWith("src/spec/")) ||
        (path.startsWith("src/spec/") && target.startsWith("generated/")) ||
        (path.startsWith("generated/") && path.endsWith(".js") && !path.endsWith(".d.ts")) ||
        (path.startsWith("generated/") && !target.startsWith("generated/") && target !== "src/spec/operation-table.ts") ||
        (FRONT(path) && target.startsWith("src/client/"));
      if (wrong) found.push(`${path} imports ${target}`);
    }
  }
  // Cycles: a depth-first walk over src/, reporting each back edge's loop once.
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of (graph.get(node) ?? []).filter((target) => target.startsWith("src/") && graph.has(target))) {
      if (state.get(next) === "open") found.push(`cycle: ${[...stack.slice(stack.indexOf(next)), next].join(" → ")}`);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].filter((path) => path.startsWith("src/")).sort()) if (!state.has(node)) visit(node);
  return found;
}

const repository = sources(["src", "scripts", "generated"]);
const planted = (path: string, text: string): Map<string, string> => new Map([...repository, [path, text]]);

describe("the import graph", () => {
  it("reads the repository's imports", () => {
    expect(repository.size).toBeGreaterThan(50);
    expect(importsOf("src/index.ts", repository.get("src/index.ts") ?? "", repository)).toContain("src/client/create-client.ts");
    expect(relative(ROOT, join(ROOT, "src"))).toBe("src");
  });

  it("goes one way, with no cycle in src/", () => {
    expect(violations(repository)).toEqual([]);
  });

  it.each([
    ["src/ importing scripts/", "src/client/planted.ts", 'import { repoRoot } from "../../scripts/lib/paths.ts";'],
    ["the generator importing the client", "scripts/lib/planted.ts", 'import { ApiError } from "../../src/client/errors.ts";'],
    ["the spec readers importing generated/", "src/spec/planted.ts", 'import { requestRules } from "../../generated/operations.js";'],
    ["generated code importing src/", "generated/planted.js", 'import { printable } from "../src/http/untrusted-text.ts";'],
    ["a front importing the client", "src/msw/planted.ts", 'import { DEFAULT_BASE_URL } from "../client/options.ts";'],
    ["a cycle in src/", "src/spec/path-template.ts", `${repository.get("src/spec/path-template.ts") ?? ""}\nimport "../http/request-url.ts";`],
  ])("fails on %s", (_what, path, text) => {
    expect(violations(planted(path, text)).length).toBeGreaterThan(0);
  });
});
