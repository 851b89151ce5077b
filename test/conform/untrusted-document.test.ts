/**
 * The server's document is untrusted input. Each class of bad input to `mycreditapp-contract
 * conform` gets one clear line on stderr and exit code 2, never a crash or a stack trace: a file
 * that is not JSON or YAML, not OpenAPI, huge, nested without end, or has recursive, external or
 * dangling `$ref`s; a URL that never answers, answers too much, redirects to another host or is
 * refused. The token given for a URL is sent, and never printed, even when the server echoes it.
 */
import { once } from "node:events";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConform } from "../support/verify-cli.ts";

const TOKEN = "conform-secret-token-5f1e9a";
let dir: string;
let server: Server;
let base: string;
/** What the stand-in server received: the Authorization headers. */
const authorizations: (string | undefined)[] = [];

const openapi = (paths: object, components: object = {}) => JSON.stringify({ openapi: "3.1.0", info: { title: "t", version: "1" }, paths, components });
const nested = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "conform-input-"));
  server = createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    const url = request.url ?? "/";
    if (url === "/silent") return; // never answers
    if (url === "/huge") {
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, 32);
      let sent = 0;
      const pump = () => {
        while (sent < 40 && response.write(chunk)) sent++;
        if (sent < 40) response.once("drain", pump);
        else response.end();
      };
      return pump();
    }
    if (url === "/elsewhere") return void response.writeHead(302, { location: "http://example.invalid/openapi.json" }).end();
    if (url === "/moved") return void response.writeHead(301, { location: "/openapi.json" }).end();
    if (url === "/echo")
      return void response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ detail: `bad token ${request.headers.authorization}` }));
    if (url === "/openapi.json") return void response.writeHead(200, { "content-type": "application/json" }).end(openapi({}));
    response.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** Runs conform on `location`: exit 2 with one line on stderr matching `message`, and no stack trace. */
async function refused(location: string, message: RegExp, extra: string[] = [], env: Record<string, string> = {}): Promise<string> {
  const run = await runConform([location, ...extra], env);
  expect(run.code, run.stdout + run.stderr).toBe(2);
  const lines = run.stderr.trim().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^mycreditapp-contract conform: /);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  return run.stderr;
}

describe("conform on a bad document", () => {
  it.each([
    ["not JSON", "{ not json", /not valid JSON/],
    ["binary", "\u0000\u0001\u0002PK\u0003\u0004", /neither JSON nor valid YAML|not an object/],
    ["a JSON array", "[1, 2]", /not an object/],
    ["Swagger 2.0", JSON.stringify({ swagger: "2.0", info: {}, paths: {} }), /Swagger 2\.0/],
    ["OpenAPI 4", JSON.stringify({ openapi: "4.0.0", paths: {} }), /OpenAPI 4\.0\.0/],
    ["no paths", JSON.stringify({ openapi: "3.1.0", info: {} }), /no paths/],
    ["a dangling $ref", openapi({ "/a": { get: { responses: { "200": { $ref: "#/components/responses/Gone" } } } } }), /points to nothing/],
    ["an external $ref", openapi({ "/a": { get: { responses: { "200": { $ref: "https://example.invalid/x.json" } } } } }), /points outside the document/],
    [
      "a recursive $ref",
      openapi(
        { "/a": { get: { responses: { "200": { description: "x", content: { "application/json": { schema: { $ref: "#/components/schemas/A" } } } } } } } },
        {
          schemas: { A: { type: "object", properties: { child: { $ref: "#/components/schemas/A" } } } },
        },
      ),
      /is recursive/,
    ],
    ["nesting without end", `{"openapi":"3.1.0","paths":{},"x":${nested(5000)}}`, /nests deeper than/],
  ])("refuses %s with one line", async (name, text, message) => {
    await refused(await file(`${name.replace(/\W+/g, "-")}.json`, text), message);
  });

  it("refuses YAML that is not an OpenAPI mapping, and reads YAML that is", async () => {
    await refused(await file("plain.yaml", "just some text\n"), /not an object/);
    const run = await runConform([await file("empty.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"), "--format", "json"]);
    // Every operation of the contract is missing from it: drift, judged, not refused.
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).findings.some((finding: { rule: string }) => finding.rule === "operation-removed")).toBe(true);
  });

  it("refuses a file past the size bound before reading it", async () => {
    const path = join(dir, "huge.json");
    await writeFile(path, "");
    await truncate(path, 17 * 1024 * 1024);
    await refused(path, /past the \d+-byte bound/);
  });

  it("refuses a missing file and a directory", async () => {
    await refused(join(dir, "missing.json"), /cannot read .*ENOENT/);
    await refused(dir, /is not a file/);
  });
});

describe("conform on a URL", () => {
  it("gives up on a server that never answers, within the time-out", async () => {
    const started = Date.now();
    await refused(`${base}/silent`, /did not answer within 300 ms/, ["--timeout", "300"]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("stops reading an answer past the size bound", async () => {
    await refused(`${base}/huge`, /more than \d+ bytes; not read on/);
  });

  it("refuses a redirect to another host, and follows one on the same origin", async () => {
    await refused(`${base}/elsewhere`, /redirects to another origin \(http:\/\/example\.invalid\); refused/);
    const run = await runConform([`${base}/moved`, "--format", "json"]);
    expect(run.code, run.stderr).toBe(1);
  });

  it("sends the token from the environment and never prints it, even when the server echoes it", async () => {
    authorizations.length = 0;
    const stderr = await refused(`${base}/echo`, /answered 401, not 200/, ["--token-env", "CONFORM_TOKEN"], { CONFORM_TOKEN: TOKEN });
    expect(authorizations).toEqual([`Bearer ${TOKEN}`]);
    expect(stderr).not.toContain(TOKEN);
  });

  it("refuses a token variable that is empty, naming the variable and not a value", async () => {
    await refused(`${base}/openapi.json`, /CONFORM_EMPTY holds no token/, ["--token-env", "CONFORM_EMPTY"], { CONFORM_EMPTY: "" });
  });
});

describe("conform's usage mistakes", () => {
  it.each([
    [[], /give one document/],
    [["a.json", "b.json"], /give one document.*got 2/],
    [["a.json", "--format", "xml"], /--format must be one of text, json, junit, github/],
    [["a.json", "--timeout", "soon"], /--timeout must be a positive number/],
    [["a.json", "--bogus"], /Unknown option '--bogus'/],
  ])("refuses %j with one line", async (args, message) => {
    const run = await runConform(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
