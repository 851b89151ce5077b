/**
 * The result of `verify` for people (text, Markdown) and for CI (JUnit XML, JSON). Every form
 * shows, per operation, the requests sent, the failures grouped by kind with one `curl` that
 * reproduces each (the token as `$TOKEN`), and the warnings.
 */
import { forXml, secretRedactor } from "../http/untrusted-text.ts";
import type { FindingGroup, OperationReport, VerifyResult } from "./verify.ts";

export type ReportFormat = "text" | "markdown" | "junit" | "json";

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

function summary(result: VerifyResult): string {
  if (result.connectionError) return `could not verify ${result.baseUrl}: ${result.connectionError}`;
  if (result.aborted) return `could not verify ${result.baseUrl}: ${result.aborted}`;
  const sent = result.operations.reduce((total, operation) => total + operation.sent, 0);
  const verdict = result.failures === 0 ? "keeps the contract" : "drifts from the contract";
  return `${result.baseUrl} ${verdict}: ${plural(sent, "request")}, ${plural(result.failures, "failure")}, ${plural(result.warnings, "warning")}${result.interrupted ? " (interrupted)" : ""}`;
}

/** What an operation's requests were, and how many items its answers let `verify` validate. */
const sentLine = (operation: OperationReport): string =>
  `${plural(operation.sent, "request")} (${operation.valid} valid, ${operation.unauthenticated} without a token, ${operation.invalid} invalid: one per constraint), ${plural(operation.validatedItems, "item")} validated`;

function groupLines(group: FindingGroup): string[] {
  const times = group.count > 1 ? ` (${group.count}×)` : "";
  return [
    `  ${group.severity === "failure" ? "FAIL" : "warn"} ${group.kind}${times}: ${group.message}`,
    `       request: ${group.label}`,
    `       ${group.curl}`,
  ];
}

function text(result: VerifyResult): string {
  const lines = [summary(result), ""];
  for (const operation of result.operations) {
    lines.push(
      `${operation.operationId} (${operation.method} ${operation.path}): ${operation.skipped ? `skipped, ${operation.skipped}` : sentLine(operation)}`,
    );
    for (const group of sorted(operation)) lines.push(...groupLines(group));
  }
  if (result.restoreError) lines.push("", `RESTORE FAILED: ${result.restoreError}`);
  if (result.restoreNote) lines.push("", `restore: ${result.restoreNote}`);
  return `${lines.join("\n")}\n`;
}

const sorted = (operation: OperationReport): FindingGroup[] =>
  [...operation.findings].sort((a, b) => (a.severity === b.severity ? a.kind.localeCompare(b.kind) : a.severity === "failure" ? -1 : 1));

function markdown(result: VerifyResult): string {
  const lines = [
    `## Contract check: ${summary(result)}`,
    "",
    "| operation | requests | valid / no token / invalid | items validated | failures | warnings |",
    "|---|---|---|---|---|---|",
  ];
  for (const operation of result.operations) {
    const count = (severity: string) => operation.findings.filter((group) => group.severity === severity).reduce((total, group) => total + group.count, 0);
    lines.push(
      operation.skipped
        ? `| \`${operation.operationId}\` | skipped: ${operation.skipped} | | | | |`
        : `| \`${operation.operationId}\` | ${operation.sent} | ${operation.valid} / ${operation.unauthenticated} / ${operation.invalid} | ${operation.validatedItems} | ${count("failure")} | ${count("warning")} |`,
    );
  }
  for (const operation of result.operations) {
    for (const group of sorted(operation)) {
      lines.push(
        "",
        `### ${group.severity === "failure" ? "❌" : "⚠️"} \`${operation.operationId}\`: ${group.kind} (${group.count}×)`,
        "",
        `${group.message} (request: ${group.label})`,
        "",
        "```sh",
        group.curl,
        "```",
      );
    }
  }
  if (result.restoreError) lines.push("", `**Restore failed:** ${result.restoreError}`);
  if (result.restoreNote) lines.push("", `**Restore:** ${result.restoreNote}`);
  return `${lines.join("\n")}\n`;
}

function junit(result: VerifyResult): string {
  const cases = result.operations.flatMap((operation) => {
    const name = `${operation.operationId} (${operation.method} ${operation.path})`;
    if (operation.skipped) return [`    <testcase classname="contract" name="${forXml(name)}"><skipped message="${forXml(operation.skipped)}"/></testcase>`];
    const failures = operation.findings.filter((group) => group.severity === "failure");
    const warnings = operation.findings.filter((group) => group.severity === "warning");
    const out = [sentLine(operation), ...warnings.map((group) => `${group.kind}: ${group.message}\n${group.curl}`)].join("\n");
    return [
      `    <testcase classname="contract" name="${forXml(name)}">`,
      ...failures.map(
        (group) =>
          `      <failure type="${group.kind}" message="${forXml(`${group.message} (${group.count}×)`)}">${forXml(`${group.label}\n${group.curl}`)}</failure>`,
      ),
      `      <system-out>${forXml(out)}</system-out>`,
      "    </testcase>",
    ];
  });
  const failed = result.operations.filter((operation) => operation.findings.some((group) => group.severity === "failure")).length;
  const skipped = result.operations.filter((operation) => operation.skipped).length;
  const stopped = result.connectionError ?? result.aborted;
  const notes = [result.restoreError && `restore failed: ${result.restoreError}`, result.restoreNote && `restore: ${result.restoreNote}`]
    .filter(Boolean)
    .join("\n");
  const errors = stopped ? 1 : 0;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="contract" tests="${result.operations.length}" failures="${failed}" errors="${errors}">`,
    `  <testsuite name="${forXml(result.baseUrl)}" tests="${result.operations.length}" failures="${failed}" errors="${errors}" skipped="${skipped}">`,
    ...cases,
    ...(stopped ? [`    <testcase classname="contract" name="run"><error message="${forXml(stopped)}"/></testcase>`] : []),
    ...(notes ? [`    <system-out>${forXml(notes)}</system-out>`] : []),
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/**
 * The report in a format; `secret` (the token) is replaced by `$TOKEN` wherever a server echoed
 * it, in any form (as sent, JSON-escaped, XML-escaped, percent-encoded).
 */
export function renderReport(result: VerifyResult, format: ReportFormat, secret: string): string {
  const redact = secretRedactor(secret, "$TOKEN");
  const rendered =
    format === "json" ? `${JSON.stringify(result, null, 2)}\n` : format === "markdown" ? markdown(result) : format === "junit" ? junit(result) : text(result);
  return redact(rendered);
}
