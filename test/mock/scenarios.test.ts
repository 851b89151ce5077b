/**
 * The scenario table of docs/mock-server.md, row by row, against the mock: each `Prefer` header it shows
 * selects that status and that named example, exactly as a consumer would copy it. Each row's
 * request is its operation's simplest valid request, so that only `Prefer` decides the answer.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operationTable, requestRules } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { sectionOf, SCENARIOS_SECTION } from "../../scripts/lib/doc-sections.ts";
import { mockUrl } from "../support/client.ts";
import { simplestRequest, toFetch } from "../support/request-arbitraries.ts";
import { namedExamples } from "../support/spec.ts";

const readme = readFileSync(new URL("../../docs/mock-server.md", import.meta.url), "utf8");
const ROW = /^\| `(\w+)` \((\w+) ([^)]+)\) \| (\d{3}) \| `([^`]+)` \|/;
const rows = (sectionOf(readme, SCENARIOS_SECTION) ?? "")
  .split("\n")
  .map((line) => ROW.exec(line))
  .filter((match): match is RegExpExecArray => match !== null)
  .map(([, operationId = "", method = "", template = "", status = "", prefer = ""]) => ({
    operationId: operationId as OperationId,
    method,
    template,
    status: Number(status),
    prefer,
  }));

describe("the scenario table in docs/mock-server.md", () => {
  it("lists every named example of every operation in the table", () => {
    const expected = (Object.keys(operationTable) as OperationId[]).flatMap((operationId) => {
      const { success, errors } = operationTable[operationId];
      return [[String(success.status), success] as const, ...Object.entries(errors)].flatMap(([status, response]) =>
        Object.keys(response.examples).map((name) => `${operationId} ${status} ${name}`),
      );
    });
    const listed = rows.map((row) => `${row.operationId} ${row.status} ${/example=(\w+)/.exec(row.prefer)?.[1]}`);
    expect(listed.sort()).toEqual(expected.sort());
  });

  it.each(rows.map((row) => [`${row.operationId} ${row.prefer}`, row] as const))("%s answers as listed", async (_name, row) => {
    expect(`${requestRules[row.operationId].method} ${requestRules[row.operationId].template}`).toBe(`${row.method} ${row.template}`);
    const request = simplestRequest(row.operationId);
    const [url, init] = toFetch(
      mockUrl(),
      row.template,
      { ...request, header: { ...request.header, Prefer: row.prefer } },
      row.status === 401 ? null : "test-token",
    );
    const response = await fetch(url, init);
    expect(response.status).toBe(row.status);
    const name = /example=(\w+)/.exec(row.prefer)?.[1] as string;
    expect(await response.json()).toEqual(namedExamples(row.operationId, row.status)[name]);
  });
});
