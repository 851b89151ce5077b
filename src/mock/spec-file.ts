/**
 * Reads a spec the mock is asked to serve (`--spec`, `specPath`) and derives its request rules,
 * so the front checks requests against that spec and not the package's own. The spec must be one
 * bundled document (every `$ref` local, as `redocly bundle` writes it), in JSON or YAML.
 */
import { readFile } from "node:fs/promises";
import type { OpenApiDocument } from "../spec/openapi-document.ts";
import { inlineRequestRules } from "../spec/operation-rules.ts";

export type SpecRules = ReturnType<typeof inlineRequestRules>;

async function parseYaml(text: string): Promise<unknown> {
  let yaml: typeof import("yaml");
  try {
    yaml = await import("yaml");
  } catch {
    throw new Error("reading a YAML spec needs the yaml package: npm install yaml (or pass the spec as JSON)");
  }
  return yaml.parse(text);
}

/** The request rules of the spec in `path`; throws with the reason when they cannot be derived. */
export async function readSpecRules(path: string): Promise<SpecRules> {
  const text = await readFile(path, "utf8");
  const document = (text.trimStart().startsWith("{") ? JSON.parse(text) : await parseYaml(text)) as OpenApiDocument;
  if (!document || typeof document !== "object" || typeof document.paths !== "object") throw new Error("it is not an OpenAPI document (no paths)");
  return inlineRequestRules(document);
}
