/**
 * `conform`'s result for people (text) and for CI: JSON (`findings` with `severity`, `rule`,
 * `operation`, `message` and both pointers), JUnit XML (one test case per contract operation) and
 * GitHub Actions workflow commands (one `::error` or `::warning` annotation per finding). Every
 * string that came from the server's document was made printable when the finding was made.
 */
import { forXml } from "../http/untrusted-text.ts";
import type { ConformFinding } from "./conform-finding.ts";
import type { ConformResult } from "./conform.ts";

export const CONFORM_FORMATS = ["text", "json", "junit", "github"] as const;
export type ConformFormat = (typeof CONFORM_FORMATS)[number];

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

function summary(result: ConformResult): string {
  const verdict = result.conforms ? "conforms to the contract" : "drifts from the contract";
  const allowed = result.allowed.length > 0 ? `, ${result.allowed.length} allowed` : "";
  return `${result.source} (${result.dialect}) ${verdict}: ${plural(result.failures, "failure")}, ${plural(result.warnings, "warning")}${allowed}`;
}

const operationsOf = (finding: ConformFinding): string =>
  finding.operations.length > 1 ? `${finding.operations[0]} (+${finding.operations.length - 1})` : finding.operation || "document";

function text(result: ConformResult): string {
  const lines = [summary(result)];
  for (const finding of result.findings) {
    lines.push(
      "",
      `${finding.severity === "failure" ? "FAIL" : "warn"} ${finding.rule} in ${operationsOf(finding)}`,
      `     ${finding.message}`,
      `     contract: ${finding.contractPointer || "-"}`,
      `     server:   ${finding.serverPointer || "-"}`,
    );
  }
  for (const finding of result.allowed)
    lines.push("", `allowed ${finding.rule} in ${operationsOf(finding)} at ${finding.contractPointer || "-"}: ${finding.reason}`);
  const normalised = result.normalised.map((entry) => `${entry.rule} (${entry.count})`).join(", ");
  lines.push(
    "",
    `normalised: ${normalised || "nothing"}`,
    `not reported: ${result.ignored.compatibleAnswers} answers narrower than the contract, ${result.ignored.documentation} documentation differences`,
  );
  return `${lines.join("\n")}\n`;
}

function junit(result: ConformResult): string {
  const operations = [...new Set([...result.findings, ...result.allowed].flatMap((finding) => finding.operations))];
  const byOperation = (operation: string) => result.findings.filter((finding) => finding.operations.includes(operation));
  const documentWide = result.findings.filter((finding) => finding.operations.length === 0);
  const testcase = (name: string, findings: ConformFinding[]) => {
    const failures = findings.filter((finding) => finding.severity === "failure");
    const warnings = findings.filter((finding) => finding.severity === "warning");
    return [
      `    <testcase classname="conform" name="${forXml(name)}">`,
      ...failures.map(
        (finding) =>
          `      <failure type="${forXml(finding.rule)}" message="${forXml(finding.message)}">${forXml(`contract: ${finding.contractPointer}\nserver: ${finding.serverPointer}`)}</failure>`,
      ),
      ...(warnings.length > 0 ? [`      <system-out>${forXml(warnings.map((finding) => `${finding.rule}: ${finding.message}`).join("\n"))}</system-out>`] : []),
      "    </testcase>",
    ];
  };
  const cases = [
    ...operations.map((operation) => testcase(operation, byOperation(operation))),
    ...(documentWide.length > 0 ? [testcase("document", documentWide)] : []),
  ];
  const failed = cases.filter((lines) => lines.some((line) => line.includes("<failure "))).length;
  const tests = Math.max(cases.length, 1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="conform" tests="${tests}" failures="${failed}">`,
    `  <testsuite name="${forXml(result.source)}" tests="${tests}" failures="${failed}">`,
    ...(cases.length > 0 ? cases.flat() : [`    <testcase classname="conform" name="document"/>`]),
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** A GitHub Actions workflow command's data: `%`, CR and LF escaped as the runner reads them. */
const commandData = (text: string): string => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
/** A workflow command's property value: also `:` and `,`. */
const commandProperty = (text: string): string => commandData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

function github(result: ConformResult): string {
  const lines = result.findings.map(
    (finding) =>
      `::${finding.severity === "failure" ? "error" : "warning"} title=${commandProperty(`conform ${finding.rule} (${operationsOf(finding)})`)}::${commandData(`${finding.message} Contract: ${finding.contractPointer}; server: ${finding.serverPointer}`)}`,
  );
  lines.push(commandData(summary(result)));
  return `${lines.join("\n")}\n`;
}

export function renderConformReport(result: ConformResult, format: ConformFormat): string {
  if (format === "json") return `${JSON.stringify(result, null, 2)}\n`;
  if (format === "junit") return junit(result);
  if (format === "github") return github(result);
  return text(result);
}
