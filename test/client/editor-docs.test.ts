/**
 * What an editor shows on a client method: TypeScript's language service (the engine behind
 * hovers in VS Code and others) gives each method, its `raw` twin and its page walkers the
 * operation's summary and description from the spec, and the method's signature written out.
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { operationTable, pageOperations } from "../../generated/operations.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const probe = `${root}test/client/__hover-probe__.ts`;
const operationIds = Object.keys(operationTable) as (keyof typeof operationTable)[];
const lines = [
  'import type { MyCreditAppClient } from "../../src/index.ts";',
  "declare const api: MyCreditAppClient;",
  ...operationIds.flatMap((id) => [`api.${id};`, `api.raw.${id};`]),
  ...pageOperations.flatMap((id) => [`api.paginate.${id};`, `api.collectAll.${id};`]),
];
const source = lines.join("\n");

const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
const service = ts.createLanguageService({
  getScriptFileNames: () => [probe],
  getScriptVersion: () => "1",
  getScriptSnapshot: (name) => {
    const text = name === probe ? source : ts.sys.readFile(name);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  },
  getCurrentDirectory: () => root,
  getCompilationSettings: () => config?.options ?? {},
  getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
  fileExists: (name) => name === probe || ts.sys.fileExists(name),
  readFile: (name) => (name === probe ? source : ts.sys.readFile(name)),
});

/** The hover of the last property name on a line of the probe. */
function hover(line: string): { signature: string; documentation: string } {
  const start = source.indexOf(`\n${line};`);
  if (start < 0) throw new Error(`the probe has no line ${line}`);
  const position = start + 1 + line.lastIndexOf(".") + 1;
  const info = service.getQuickInfoAtPosition(probe, position);
  return { signature: ts.displayPartsToString(info?.displayParts), documentation: ts.displayPartsToString(info?.documentation) };
}

describe.each(operationIds)("the editor's hover on %s", (operationId) => {
  const { summary, description, method, path } = operationTable[operationId];
  const targets = [
    `api.${operationId};`,
    `api.raw.${operationId};`,
    ...((pageOperations as readonly string[]).includes(operationId) ? [`api.paginate.${operationId};`, `api.collectAll.${operationId};`] : []),
  ];

  it.each(targets)("%s shows the spec's summary, description and request line", (line) => {
    const { documentation } = hover(line.slice(0, -1));
    expect(documentation.startsWith(summary)).toBe(true);
    expect(documentation).toContain(description.split("\n")[0]);
    expect(documentation).toContain(`${method} ${path}`);
  });

  it("shows the method's signature written out, its arguments named", () => {
    const { signature } = hover(`api.${operationId}`);
    expect(signature).toMatch(new RegExp(`^\\(property\\) ${operationId}: \\(.*options\\?: CallOptions`, "s"));
    for (const name of operationTable[operationId].pathParameters) expect(signature).toContain(name.replace(/_(\w)/g, (_, next: string) => next.toUpperCase()));
  });
});
