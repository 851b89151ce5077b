/**
 * Adding an operation takes its YAML and `npm run generate`, nothing under src/: in a copy of the
 * package, a synthetic detail GET (a path parameter, a query parameter, named examples and a 404)
 * is added to the spec and generated; then a strict consumer type-checks a call to the new method,
 * and the call succeeds against the mock server started from that spec and against the in-process
 * mock, each of which also serves the declared 404 example.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSpecWorkspace, syntheticDetailOperation, type SpecWorkspace } from "../../scripts/lib/spec-workspace.ts";

const OPERATION = "getSyntheticInvitation";
const TEMPLATE = "/guest-invitations/{invitation_id}";
const INVITATION = "3f5e7a9c-1b2d-4e6f-8a0b-c1d2e3f4a5b6";

/** A consumer of the copy, as strict as the package's own settings; the `@ts-expect-error` lines must be errors. */
const CONSUMER = `
import { createMyCreditAppClient, type GuestInvitation, type OperationArguments } from "./src/index.ts";

const api = createMyCreditAppClient({ token: "t", requesterOrganizationId: "${INVITATION}" });
export async function read(): Promise<GuestInvitation> {
  const found = await api.${OPERATION}("${INVITATION}", { include_archived: true }, { timeoutMs: 1000 });
  const { data } = await api.raw.${OPERATION}("${INVITATION}");
  return data ?? found;
}
export type Arguments = OperationArguments["${OPERATION}"];
// @ts-expect-error the path parameter is a string
void api.${OPERATION}(42);
// @ts-expect-error include_archived is a boolean
void api.${OPERATION}("${INVITATION}", { include_archived: "yes" });
// @ts-expect-error the query has no such parameter
void api.${OPERATION}("${INVITATION}", { archived: true });
// @ts-expect-error the result is a GuestInvitation, not a page
export const notAPage = async (): Promise<{ items: unknown[] }> => api.${OPERATION}("${INVITATION}");
`;

/** Calls the new method against both mocks of the copy and prints what came back. */
const RUN = `
import { setupServer } from "msw/node";
import { createMyCreditAppClient, isApiError } from "./src/index.ts";
import { startMockServer } from "./src/mock/index.ts";
import { createMswHandlers } from "./src/msw/index.ts";
import { validateResponse } from "./src/response-validators/index.ts";

const options = { token: "t", requesterOrganizationId: "${INVITATION}", validateResponse, retry: false } as const;
async function calls(baseUrl: string) {
  const api = createMyCreditAppClient({ ...options, baseUrl });
  const found = await api.${OPERATION}("${INVITATION}", { include_archived: false });
  const missing = await api.${OPERATION}("${INVITATION}", {}, { headers: { Prefer: "code=404, example=invitationNotFound" } }).catch((error: unknown) => error);
  const invalid = await api.raw.${OPERATION}("not-a-uuid", {}, { retry: false }).catch((error: unknown) => (error as Error).message);
  return { found, missing: isApiError(missing) ? { status: missing.status, body: missing.body } : String(missing), invalid };
}

const mock = await startMockServer({ port: 0 });
const overHttp = await calls(mock.url).finally(() => mock.close());
const server = setupServer(...createMswHandlers({ baseUrl: "https://msw.invalid" }));
server.listen({ onUnhandledRequest: "error" });
const inProcess = await calls("https://msw.invalid").finally(() => server.close());
console.log(JSON.stringify({ overHttp, inProcess }));
`;

let workspace: SpecWorkspace;
let example: { found: unknown; notFound: unknown };

beforeAll(async () => {
  workspace = await createSpecWorkspace();
  const pathItem = await syntheticDetailOperation(OPERATION, "invitation_id");
  await workspace.addPathItem(TEMPLATE, pathItem);
  await workspace.generate();
  const responses = (pathItem["get"] as { responses: Record<string, { content: { "application/json": { examples: Record<string, { value: unknown }> } } }> })
    .responses;
  example = {
    found: responses["200"]?.content["application/json"].examples["found"]?.value,
    notFound: responses["404"]?.content["application/json"].examples["invitationNotFound"]?.value,
  };
}, 120_000);
afterAll(() => workspace?.close());

describe("an operation added to the spec", () => {
  it("is in the copy's operation table, and nothing under src/ changed", async () => {
    const table = await workspace.runScript(
      await writeScript(
        "table.ts",
        `import { operationTable } from "./generated/operations.js";\nconsole.log(JSON.stringify(operationTable["${OPERATION}"]));`,
      ),
    );
    const entry = JSON.parse(table) as { path: string; pathParameters: string[]; page: unknown; errors: Record<string, unknown> };
    expect(entry).toMatchObject({ path: TEMPLATE, pathParameters: ["invitation_id"], page: null });
    expect(Object.keys(entry.errors)).toEqual(["401", "403", "404", "422"]);
  });

  it("type-checks in a strict consumer: its path parameter, query and result are typed", async () => {
    await writeFile(join(workspace.dir, "consumer.ts"), CONSUMER);
    await writeFile(join(workspace.dir, "tsconfig.consumer.json"), JSON.stringify({ extends: "./tsconfig.json", include: ["consumer.ts"], exclude: [] }));
    const tsc = join(workspace.dir, "node_modules", "typescript", "bin", "tsc");
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(process.execPath, [tsc, "-p", "tsconfig.consumer.json"], { cwd: workspace.dir }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
      );
    });
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 60_000);

  it("answers the new method from the mock server and the in-process mock, and serves its 404 example", async () => {
    const output = await workspace.runScript(await writeScript("run.ts", RUN));
    const { overHttp, inProcess } = JSON.parse(output) as Record<string, { found: unknown; missing: unknown; invalid: unknown }>;
    for (const answers of [overHttp, inProcess]) {
      expect(answers?.found).toEqual(example.found);
      expect(answers?.missing).toEqual({ status: 404, body: example.notFound });
      expect(answers?.invalid).toContain("path.invitation_id");
    }
  }, 60_000);
});

async function writeScript(name: string, source: string): Promise<string> {
  await writeFile(join(workspace.dir, name), source);
  return name;
}
