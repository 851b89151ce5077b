/**
 * `verify` against a deployment that misbehaves in one place: whatever it sends, the command ends
 * with its report and the right exit code (2 when the run is cut short, 1 only for drift), never a
 * stack trace; reads are bounded; the token never appears, in any form a server may echo it in,
 * nor any control character the deployment sent; writes go to `--patch-id` only; a redirect is a
 * finding and is not followed.
 */
import type { ServerResponse } from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";
import { isUuid } from "../../src/spec/formats.ts";
import { runVerify, type VerifyRun } from "../support/verify-cli.ts";
import { startDriftServer, type ArrivedRequest, type DriftServer } from "../support/drift-server.ts";

const TOKEN = "hostile.verify-token_5f2c~9+a/b=";
let deployment: DriftServer;
let dir: string;
beforeAll(async () => {
  deployment = await startDriftServer();
  dir = await mkdtemp(join(tmpdir(), "api-contract-verify-hostile-"));
});
afterAll(async () => {
  await deployment.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  deployment.drift("none");
  deployment.intercept = undefined;
});

type Run = VerifyRun;
const run = (args: string[], token = TOKEN): Promise<Run> => runVerify(args, { MYCREDITAPP_TOKEN: token });
const base = (): string[] => [
  "--base-url",
  deployment.url,
  "--requester-org",
  REQUESTER_ID,
  "--rate",
  "1000",
  "--requests",
  "3",
  "--quiet",
  "--timeout",
  "1500",
];
const writes = (): string[] => [...base(), "--allow-writes", "--patch-id", GUEST_ORG_ID];

/** An authenticated GET of one connection: the read before a write when it names `--patch-id`. */
const isDetailRead = (request: ArrivedRequest, id = "[^/?]+"): boolean =>
  request.method === "GET" && request.authorization !== undefined && new RegExp(`^/guest-connections/${id}$`).test(request.url);
const json = (response: ServerResponse, status: number, body: string): boolean => {
  response.writeHead(status, { "content-type": "application/json" }).end(body);
  return true;
};

/** No stack trace, no raw control character, no token. */
function expectClean(result: Run, ...texts: string[]): void {
  for (const text of [result.stdout, result.stderr, ...texts]) {
    expect(text).not.toMatch(/\n\s+at [\w.<>]+ \(/);
    expect(text).not.toContain(TOKEN);
    // eslint-disable-next-line no-control-regex -- what must not be there
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  }
}

describe("verify against a hostile deployment", () => {
  it.each([
    ["a 200 that is not JSON, the token in its first line", 200, `token ${TOKEN} is fine\nmore`, /got a body that is not JSON/],
    ["a null body", 200, "null", /got a body that is not an object/],
    ["a 500", 500, '{"detail":"boom"}', /got HTTP 500, not 200/],
  ])("ends with its report and exit 2 when the read before a write gets %s, and writes nothing", async (_what, status, body, reason) => {
    deployment.intercept = (request, response) => isDetailRead(request, GUEST_ORG_ID) && json(response, status, body);
    const result = await run(writes());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(reason);
    expect(result.stdout).toContain("nothing was written");
    expect(deployment.requests.filter((request) => request.method === "PATCH")).toEqual([]);
    expectClean(result);
  });

  it("ends with exit 2 when an answer is cut off mid-body", async () => {
    deployment.intercept = (request, response) => {
      if (!isDetailRead(request)) return false;
      response.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
      response.write('{"guest_organization_id": "');
      setTimeout(() => response.socket?.destroy(), 20);
      return true;
    };
    const result = await run(base());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(/cut off its answer to getGuestConnection/);
    expectClean(result);
  });

  it("stops reading an endless body at its bound and reports it", async () => {
    deployment.intercept = (request, response) => {
      if (!isDetailRead(request)) return false;
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      const more = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once("drain", more);
      };
      response.on("error", () => undefined);
      more();
      return true;
    };
    const result = await run(base());
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/FAIL body-too-large.*not read on/);
    expectClean(result);
  });

  it("ends with exit 2, not 1, when the deployment accepts the connection and never answers", async () => {
    deployment.intercept = (request) => isDetailRead(request);
    const result = await run(base());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(/did not answer getGuestConnection .* within 1500 ms/);
    expectClean(result);
  });

  it("reports a redirect and never follows it", async () => {
    deployment.intercept = (request, response) => {
      if (request.url.startsWith("/elsewhere")) return json(response, 200, "{}");
      if (!isDetailRead(request)) return false;
      response.writeHead(302, { location: "/elsewhere" }).end();
      return true;
    };
    const result = await run(base());
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/FAIL redirect (\(\d+×\))?: 302 redirecting to \/elsewhere/);
    expect(deployment.requests.filter((request) => request.url.startsWith("/elsewhere"))).toEqual([]);
    expectClean(result);
  });

  it("keeps every form of an echoed token, and every control character, out of all reports, also for a token with a trailing newline", async () => {
    const forms = [TOKEN, JSON.stringify(TOKEN).slice(1, -1), TOKEN.replace(/&/g, "&amp;"), encodeURIComponent(TOKEN), encodeURIComponent(TOKEN).toLowerCase()];
    deployment.intercept = (request, response) => {
      if (request.authorization === undefined || request.method !== "GET" || request.url.includes(GUEST_ORG_ID)) return false;
      const loc = ["query", `\u001b[2J\r\u0000${forms.join(" ")}`];
      return json(response, 422, JSON.stringify({ detail: [{ loc, msg: "bad", type: "x", code: "x" }] }));
    };
    for (const format of ["junit", "markdown", "json"]) {
      const report = join(dir, `echo.${format}`);
      const result = await run([...base(), "--report", report, "--format", format], `${TOKEN}\n `);
      expect(result.code, result.stderr).toBe(1);
      const written = await readFile(report, "utf8");
      for (const form of forms) expect(`${result.stdout}${written}`).not.toContain(form);
      expectClean(result, written);
      if (format === "junit") expect(written).toContain("\\u001b[2J\\u000d\\u0000");
      if (format === "json") expect(JSON.stringify(JSON.parse(written))).toContain("\\\\u001b[2J");
    }
  });

  it("sends writes to --patch-id only: its path checks send malformed ids that address no resource", async () => {
    const result = await run([...writes(), "--requests", "12"]);
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    const patched = deployment.requests.filter((request) => request.method === "PATCH").map((request) => request.url);
    expect(patched.length).toBeGreaterThan(3);
    const others = patched.filter((url) => url !== `/guest-connections/${GUEST_ORG_ID}`);
    expect(others.length).toBe(1);
    for (const url of others) expect(url).toMatch(/^\/guest-connections\/[0-9A-Za-z-]+$/);
    expect(others.some((url) => isUuid(url.split("/")[2] ?? ""))).toBe(false);
    expect(new Set(deployment.writes.map(([id]) => id))).toEqual(new Set([GUEST_ORG_ID]));
  });

  it.each([
    [["--allow-writes", "--patch-id", ".."], '--patch-id must be a UUID, got ".."'],
    [["--allow-writes", "--patch-id", "123"], '--patch-id must be a UUID, got "123"'],
  ])("refuses %j in one line, sending nothing", async (extra, message) => {
    const result = await run([...base(), ...extra]);
    expect([result.code, result.stderr.trim()]).toEqual([2, `mycreditapp-contract: ${message}`]);
    expect(deployment.requests).toEqual([]);
  });

  it.each([
    ["one character", "x", /is 1 characters long; one under 8 cannot be kept out of the report safely/],
    ["characters a bearer token cannot hold", "abc def ghi", /holds characters a bearer token cannot/],
  ])("refuses a token of %s, sending nothing", async (_what, token, message) => {
    const result = await run(base(), token);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(deployment.requests).toEqual([]);
  });
});
