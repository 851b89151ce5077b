/**
 * A copy of the package in a temporary directory, to change its spec and see what `npm run
 * generate` makes of it: the copy holds openapi/, scripts/, src/ and the files they read, shares
 * this repository's node_modules, and is generated, type-checked and run on its own. The tests use
 * it to add an operation with no edit under src/, and the bench to measure what one more operation
 * costs the client bundle.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseDocument, stringify } from "yaml";
import { repoRoot } from "./paths.ts";

const run = promisify(execFile);

/** What the copy needs to generate, type-check and run the package. */
const COPIED = ["openapi", "generated", "scripts", "src", "package.json", "redocly.yaml", "tsconfig.json", "README.md", "docs"];

export interface SpecWorkspace {
  dir: string;
  /** Adds a path item: its YAML in `openapi/paths/`, referenced from the spec's index. */
  addPathItem(template: string, pathItem: Record<string, unknown>): Promise<void>;
  /** Runs the copy's `npm run generate`. */
  generate(): Promise<void>;
  /** Runs a TypeScript file of the copy with Node (tsx), from the copy's root; resolves with its stdout. */
  runScript(file: string, env?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

export async function createSpecWorkspace(): Promise<SpecWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), "api-contract-workspace-"));
  for (const entry of COPIED) await cp(join(repoRoot, entry), join(dir, entry), { recursive: true });
  await symlink(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  const node = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });

  return {
    dir,
    async addPathItem(template, pathItem) {
      const file = `paths/${template.slice(1).replaceAll("/", "_")}.yaml`;
      await writeFile(join(dir, "openapi", file), stringify(pathItem));
      const indexFile = join(dir, "openapi", "openapi.yaml");
      const index = parseDocument(await readFile(indexFile, "utf8"));
      index.setIn(["paths", template], index.createNode({ $ref: file }));
      await writeFile(indexFile, index.toString());
    },
    async generate() {
      await node(["--import", "tsx", "scripts/generate.ts"]);
    },
    async runScript(file, env) {
      return (await node(["--import", "tsx", file], env)).stdout;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A GuestInvitation the spec itself gives (its reference page's first item), for synthetic examples. */
async function sampleInvitation(): Promise<unknown> {
  const bundled = JSON.parse(await readFile(join(repoRoot, "generated", "openapi.json"), "utf8")) as {
    components: { examples: Record<string, { value: { items: unknown[] } }> };
  };
  return bundled.components.examples["GuestInvitationPageReference"]?.value.items[0];
}

/**
 * A detail GET like the API's own: a UUID path parameter, an optional query parameter, the
 * organization headers, a named 200 example and a named 404, and the shared 401/403/422.
 */
export async function syntheticDetailOperation(operationId: string, pathParameter: string): Promise<Record<string, unknown>> {
  const shared = (name: string) => ({ $ref: `../components/${name}.yaml` });
  return {
    get: {
      operationId,
      summary: "Get synthetic invitation",
      description: `Reads one guest invitation by its ID (an operation added to test that the package grows with the spec).`,
      tags: ["Guest invitations"],
      security: [{ bearerAuth: [] }],
      parameters: [
        shared("parameters/RequesterOrganizationId"),
        shared("parameters/TargetOrganizationId"),
        { name: pathParameter, in: "path", required: true, description: "The invitation's ID.", schema: { type: "string", format: "uuid" } },
        { name: "include_archived", in: "query", required: false, description: "Also find an archived invitation.", schema: { type: "boolean" } },
      ],
      responses: {
        "200": {
          description: "The invitation.",
          content: {
            "application/json": {
              schema: shared("schemas/GuestInvitation"),
              examples: { found: { summary: "An invitation", value: await sampleInvitation() } },
            },
          },
        },
        "401": shared("responses/Unauthorized"),
        "403": shared("responses/Forbidden"),
        "404": {
          description: "No invitation exists for the given ID.",
          content: {
            "application/json": {
              schema: shared("schemas/ErrorResponse"),
              examples: {
                invitationNotFound: {
                  summary: "Invitation not found",
                  value: { detail: [{ loc: ["path", pathParameter], msg: "Guest invitation not found.", type: "request", code: "not_found" }] },
                },
              },
            },
          },
        },
        "422": shared("responses/ValidationError"),
      },
    },
  };
}
