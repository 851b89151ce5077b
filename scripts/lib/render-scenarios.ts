/**
 * Renders the scenario table: every response the mock can be asked for, per operation, with the
 * `Prefer` header that selects it (`example=NAME` for a named example, plus `code=STATUS` for an
 * error status). `npm run generate` writes it to generated/scenarios.md and into the README
 * (see doc-sections.ts).
 */
import { resolveRef, type OpenApiDocument } from "../../src/spec/openapi-document.ts";
import { markdownCell } from "./markdown.ts";
import { isSuccessStatus, specOperations } from "../../src/spec/spec-operations.ts";

interface ExampleObject {
  summary?: string;
  $ref?: string;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, { examples?: Record<string, ExampleObject> }>;
}

export function renderScenarios(spec: OpenApiDocument): string {
  const rows: string[] = ["| operation | status | `Prefer` header | scenario |", "|---|---|---|---|"];
  for (const { operationId, method, template, operation } of specOperations(spec)) {
    const responses = Object.entries((operation.responses ?? {}) as Record<string, ResponseObject | { $ref: string }>).sort(([a], [b]) => a.localeCompare(b));
    for (const [status, reference] of responses) {
      const response = resolveRef<ResponseObject>(spec, reference);
      const examples = Object.entries(response.content?.["application/json"]?.examples ?? {});
      const label = `\`${operationId}\` (${method.toUpperCase()} ${template})`;
      if (examples.length === 0) {
        rows.push(`| ${label} | ${status} | ${isSuccessStatus(status) ? "(default)" : `\`code=${status}\``} | ${markdownCell(response.description ?? "")} |`);
        continue;
      }
      for (const [name, example] of examples) {
        const summary = resolveRef<ExampleObject>(spec, example).summary ?? name;
        const prefer = isSuccessStatus(status) ? `example=${name}` : `code=${status}, example=${name}`;
        rows.push(`| ${label} | ${status} | \`${prefer}\` | ${markdownCell(summary)} |`);
      }
    }
  }
  return `${rows.join("\n")}\n`;
}
