/** The diff's report: plain text for a terminal, Markdown for the changelog. */
import type { Change, ChangeKind } from "../../src/spec/spec-diff.ts";

const ORDER: [ChangeKind, string][] = [
  ["breaking", "Breaking changes"],
  ["non-breaking", "Non-breaking changes"],
  ["documentation", "Documentation-only changes"],
];

export function renderText(changes: Change[]): string {
  if (changes.length === 0) return "No changes to the contract.\n";
  const lines: string[] = [];
  for (const [kind, title] of ORDER) {
    const own = changes.filter((change) => change.kind === kind);
    if (own.length === 0) continue;
    lines.push(`${title} (${own.length}):`);
    for (const change of own)
      lines.push(`  - [${change.rule}] ${change.location}: ${change.message}${change.operations.length ? ` (${change.operations.join(", ")})` : ""}`);
    lines.push("");
  }
  return `${lines.join("\n")}`;
}

export function renderMarkdown(changes: Change[]): string {
  if (changes.length === 0) return "No changes to the contract.\n";
  const sections: string[] = [];
  for (const [kind, title] of ORDER) {
    const own = changes.filter((change) => change.kind === kind);
    if (own.length === 0) continue;
    const rows = own.map(
      (change) =>
        `- **${change.rule}**: \`${change.location}\` ${change.message}${change.operations.length ? ` (${change.operations.map((operation) => `\`${operation}\``).join(", ")})` : ""}`,
    );
    sections.push(`### ${title}\n\n${rows.join("\n")}\n`);
  }
  return sections.join("\n");
}
