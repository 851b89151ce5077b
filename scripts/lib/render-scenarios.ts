/**
 * Renders the scenario table: every response the mock can be asked for, per operation, with the
 * `Prefer` header that selects it (`example=NAME` for a named example, plus `code=STATUS` for an
 * error status). `npm run generate` writes it to generated/scenarios.md and into the README
 * between the scenario markers, and `npm run check:generated` fails when either is stale.
 */
import { HTTP_METHODS, resolveRef, type OpenApiDocument } from "./openapi-document.ts";

export const SCENARIOS_START = "<!-- scenarios:start (written by npm run generate) -->";
export const SCENARIOS_END = "<!-- scenarios:end -->";

interface ExampleObject {
  summary?: string;
  $ref?: string;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, { examples?: Record<string, ExampleObject> }>;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();

export function renderScenarios(spec: OpenApiDocument): string {
  const rows: string[] = ["| operation | status | `Prefer` header | scenario |", "|---|---|---|---|"];
  for (const [template, pathItem] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation?.operationId) continue;
      const responses = Object.entries((operation.responses ?? {}) as Record<string, ResponseObject | { $ref: string }>).sort(([a], [b]) => a.localeCompare(b));
      for (const [status, reference] of responses) {
        const response = resolveRef<ResponseObject>(spec, reference);
        const examples = Object.entries(response.content?.["application/json"]?.examples ?? {});
        const label = `\`${operation.operationId}\` (${method.toUpperCase()} ${template})`;
        if (examples.length === 0) {
          rows.push(`| ${label} | ${status} | ${status.startsWith("2") ? "(default)" : `\`code=${status}\``} | ${cell(response.description ?? "")} |`);
          continue;
        }
        for (const [name, example] of examples) {
          const summary = resolveRef<ExampleObject>(spec, example).summary ?? name;
          const prefer = status.startsWith("2") ? `example=${name}` : `code=${status}, example=${name}`;
          rows.push(`| ${label} | ${status} | \`${prefer}\` | ${cell(summary)} |`);
        }
      }
    }
  }
  return `${rows.join("\n")}\n`;
}

/** The README with its scenario section replaced by `table`; throws when the markers are missing. */
export function withScenarios(readme: string, table: string): string {
  const start = readme.indexOf(SCENARIOS_START);
  const end = readme.indexOf(SCENARIOS_END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${SCENARIOS_START} and ${SCENARIOS_END}`);
  return `${readme.slice(0, start + SCENARIOS_START.length)}\n${table}${readme.slice(end)}`;
}
