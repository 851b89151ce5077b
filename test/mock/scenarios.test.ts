/**
 * The README's scenario table, row by row, against the mock: each `Prefer` header it shows
 * selects that status and that named example, exactly as a consumer would copy it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GUEST_ORG_ID, rawRequest, selfHeaders } from "../support/client.ts";
import { namedExamples, operation } from "../support/spec.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("<!-- scenarios:start"), readme.indexOf("<!-- scenarios:end"));
const ROW = /^\| `(\w+)` \((GET|PATCH) ([^)]+)\) \| (\d{3}) \| `([^`]+)` \|/;
const rows = section
  .split("\n")
  .map((line) => ROW.exec(line))
  .filter((match): match is RegExpExecArray => match !== null)
  .map(([, operationId = "", method = "", template = "", status = "", prefer = ""]) => ({ operationId, method, template, status: Number(status), prefer }));

/** A valid request of each operation, so that only `Prefer` decides the answer. */
const VALID_QUERY: Record<string, string> = {
  listGuestConnections: "?statuses=connected&limit=10&offset=0",
  listHostConnections: "?statuses=connected&limit=10&offset=0",
  listGuestInvitations: "?statuses=sent&limit=10&offset=0",
};

describe("the README's scenario table", () => {
  it("lists every named example of every operation", () => {
    const expected = ["listGuestConnections", "listHostConnections", "listGuestInvitations", "getGuestConnection", "patchGuestConnection"].flatMap(
      (operationId) =>
        Object.keys(operation(operationId).responses).flatMap((status) =>
          Object.keys(namedExamples(operationId, status)).map((name) => `${operationId} ${status} ${name}`),
        ),
    );
    const listed = rows.map((row) => `${row.operationId} ${row.status} ${/example=(\w+)/.exec(row.prefer)?.[1]}`);
    expect(listed.sort()).toEqual(expected.sort());
  });

  it.each(rows.map((row) => [`${row.operationId} ${row.prefer}`, row] as const))("%s answers as listed", async (_name, row) => {
    const path = row.template.replace("{guest_org_id}", GUEST_ORG_ID) + (VALID_QUERY[row.operationId] ?? "");
    const response = await rawRequest(path, {
      method: row.method,
      headers: { ...selfHeaders, Prefer: row.prefer, ...(row.method === "PATCH" && { "Content-Type": "application/json" }) },
      ...(row.method === "PATCH" && { body: JSON.stringify({ archived: true }) }),
    });
    expect(response.status).toBe(row.status);
    const name = /example=(\w+)/.exec(row.prefer)?.[1] as string;
    expect(await response.json()).toEqual(namedExamples(row.operationId, row.status)[name]);
  });
});
