/**
 * Renders the operation table for people: one row per operation with its request line, client
 * method, summary, whether it is a list, the scenarios it allows and its error statuses.
 * `npm run generate` writes it to generated/operations.md and into the README.
 */
import { markdownCell } from "./markdown.ts";
import type { OperationFacts } from "./render-operation-table.ts";

const SCENARIOS = ["guest", "host", "self"] as const;

function allowed(permissions: OperationFacts["permissions"]): string {
  if (!permissions) return "not published";
  const granted = SCENARIOS.filter((scenario) => permissions[scenario] === true);
  return granted.length === 0 ? "none" : granted.map((scenario) => scenario.charAt(0).toUpperCase() + scenario.slice(1)).join(", ");
}

export function renderOperationsMarkdown(facts: OperationFacts[]): string {
  const rows = ["| request | client method | summary | list | allowed scenarios | error statuses |", "|---|---|---|---|---|---|"];
  for (const entry of facts) {
    const request = `\`${entry.method} ${entry.template}\``;
    rows.push(
      `| ${request} | \`${entry.operationId}\` | ${markdownCell(entry.summary)} | ${entry.page ? "yes" : ""} | ${allowed(entry.permissions)} | ${entry.errorStatuses.join(", ")} |`,
    );
  }
  return `${rows.join("\n")}\n`;
}
