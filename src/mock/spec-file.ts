/**
 * Reads a spec the mock is asked to serve (`--spec`, `specPath`) and derives its request rules,
 * so the front checks requests against that spec and not the package's own. The spec must be one
 * bundled document (every `$ref` local, as `redocly bundle` writes it), in JSON or YAML.
 */
import { readFile } from "node:fs/promises";
import { requirePeer } from "../peers/missing-peer.ts";
import type { OpenApiDocument } from "../spec/openapi-document.ts";
import { inlineRequestRules } from "../spec/operation-rules.ts";

export type SpecRules = ReturnType<typeof inlineRequestRules>;

async function parseYaml(text: string): Promise<unknown> {
  const yaml = await import("yaml").catch(requirePeer("yaml", "Serving a YAML spec (pass it as JSON, or install yaml)"));
  return yaml.parse(text);
}

/** The request rules of the spec in `path`; throws with the reason when they cannot be derived. */
export async function readSpecRules(path: string): Promise<SpecRules> {
  const text = await readFile(path, "utf8");
  const document = (text.trimStart().startsWith("{") ? JSON.parse(text) : await parseYaml(text)) as OpenApiDocument;
  if (!document || typeof document !== "object" || typeof document.paths !== "object") throw new Error("it is not an OpenAPI document (no paths)");
  return inlineRequestRules(document);
}
