/**
 * Nothing either side sends takes the validating proxy down or makes it hold what it should not.
 * A raw TCP upstream misbehaves on purpose (resets mid-answer, sends a status HTTP does not
 * define, switches protocols, never answers, sends past the size limit, a compression bomb,
 * hop-by-hop headers, `Location`s into itself, the caller's token back), and clients misbehave
 * too (vanish mid-upload, send past the limit). After each, a plain request still gets through,
 * and an unhandled rejection would fail the run.
 */
import { request } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import { startContractProxy, type ContractProxy, type ContractReport } from "../../src/mock/index.ts";
import { runCli } from "../support/cli-process.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";

const TOKEN = "proxy-token-0123456789";
const headers = { authorization: `Bearer ${TOKEN}`, "requester-organization-id": REQUESTER_ID, "target-organization-id": REQUESTER_ID };
const DETAIL = `/guest-connections/${GUEST_ORG_ID}`;
const LIMIT = 256 * 1024;

/** What the upstream last received, head and all, for the header checks. */
let lastHead = "";
const sockets = new Set<Socket>();

/** The misbehaviour is chosen by the request's `x-mode` header (an end-to-end header, so the proxy passes it on). */
function misbehave(socket: Socket, head: string): void {
  const mode = /\r\nx-mode: ([^\r]+)/i.exec(head)?.[1] ?? "";
  const json = (status: string, body: string, extra = ""): void =>
    void socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`);
  switch (mode) {
    case "reset":
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"items": [');
      setTimeout(() => socket.resetAndDestroy(), 20);
      return;
    case "status-099":
      return json("099 Odd", "{}");
    case "upgrade":
      return void socket.write("HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n");
    case "silent":
      return;
    case "too-large-declared":
      return json("200 OK", "x".repeat(LIMIT + 1));
    case "too-large-streamed": {
      socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n");
      const chunk = "y".repeat(64 * 1024);
      for (let sent = 0; sent <= LIMIT; sent += chunk.length) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      return void socket.end("0\r\n\r\n");
    }
    case "bomb": {
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      return void socket.end(
        Buffer.concat([
          Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: ${bomb.length}\r\n\r\n`),
          bomb,
        ]),
      );
    }
    case "hop-by-hop":
      return json(
        "200 OK",
        "{}",
        "connection: close, x-secret-hop\r\nx-secret-hop: 1\r\nkeep-alive: timeout=5\r\nproxy-authenticate: Basic\r\nupgrade: h2c\r\n",
      );
    case "redirect-absolute":
      return json("302 Found", "{}", `location: http://${head.match(/\r\nhost: ([^\r]+)/i)?.[1]}/v1-beta/guest-connections/elsewhere?x=1\r\n`);
    case "redirect-relative":
      return json("302 Found", "{}", "location: /v1-beta/guest-connections/elsewhere\r\n");
    case "echo-token": {
      // The token comes back in an open enum's value, which the proxy's warning quotes.
      const echoed = `token ${/authorization: Bearer (\S+)/i.exec(head)?.[1]}\u001b[31m red`;
      const example = Object.values(operationTable.getGuestConnection.success.examples ?? {})[0]?.value as object;
      return json("200 OK", JSON.stringify({ ...example, status: echoed }));
    }
    default:
      return json("200 OK", JSON.stringify({ detail: "plain" }));
  }
}

let upstream: Server;
let upstreamUrl = "";
beforeAll(async () => {
  upstream = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let head = "";
    const onData = (chunk: Buffer): void => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      socket.off("data", onData);
      socket.resume();
      lastHead = head;
      misbehave(socket, head);
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/v1-beta`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => upstream.close(resolve));
});

let proxy: ContractProxy;
const reports: ContractReport[] = [];
beforeAll(async () => {
  proxy = await startContractProxy({
    upstream: upstreamUrl,
    onReport: (report) => reports.push(report),
    maxRequestBytes: LIMIT,
    maxResponseBytes: LIMIT,
    upstreamTimeoutMs: 500,
  });
});
afterAll(() => proxy.close());
beforeEach(() => {
  reports.length = 0;
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  error?: string;
}

/** One request through the proxy, read with a bound on time; a cut answer resolves with what arrived and the error. */
function through(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve) => {
    let answer: Answer | undefined;
    const outgoing = request({ host: hostname, port, method: options.method ?? "GET", path, headers: { ...headers, ...options.headers } }, (incoming) => {
      answer = { status: incoming.statusCode ?? 0, headers: incoming.headers, text: "" };
      incoming.setEncoding("utf8");
      incoming.on("data", (chunk: string) => ((answer as Answer).text += chunk));
      incoming.on("end", () => resolve(answer as Answer));
      incoming.on("error", (error) => resolve({ ...(answer as Answer), error: error.message }));
    });
    outgoing.setTimeout(5_000, () => outgoing.destroy(new Error("no answer within 5 s")));
    outgoing.on("error", (error) => resolve(answer ? { ...answer, error: error.message } : { status: 0, headers: {}, text: "", error: error.message }));
    outgoing.end(options.body);
  });
}

/** A request to the detail operation that the upstream answers in `mode`. */
const inMode = (mode: string, options: Parameters<typeof through>[1] = {}): Promise<Answer> =>
  through(DETAIL, { ...options, headers: { "x-mode": mode, ...options.headers } });

async function expectStillServing(): Promise<void> {
  const answer = await inMode("plain");
  expect(answer.status).toBe(200);
  expect(answer.text).toBe('{"detail":"plain"}');
}

describe("the validating proxy, against a hostile deployment", () => {
  it("cuts the client's answer when the deployment resets mid-answer, and keeps running", async () => {
    const answer = await inMode("reset");
    expect(answer.status).toBe(200);
    expect(answer.error).toBeDefined();
    await expectStillServing();
  });

  it("answers 502 for a status HTTP does not define", async () => {
    const answer = await inMode("status-099");
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.text)).toMatchObject({ detail: [{ code: expect.stringMatching(/^proxy_/) }] });
    await expectStillServing();
  });

  it("refuses a switch of protocols with 502 instead of leaving the client hanging", async () => {
    const answer = await inMode("upgrade");
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.text)).toMatchObject({ detail: [{ code: "proxy_upgrade_refused" }] });
    await expectStillServing();
  });

  it("answers 504 when the deployment never answers", async () => {
    const answer = await inMode("silent");
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.text)).toMatchObject({ detail: [{ code: "proxy_upstream_timeout" }] });
    await expectStillServing();
  });

  it("answers 502 for a declared body past the limit, and reports it", async () => {
    const answer = await inMode("too-large-declared");
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.text)).toMatchObject({ detail: [{ code: "proxy_response_too_large" }] });
    expect(reports.flatMap((report) => report.findings.map((finding) => finding.kind))).toContain("body-too-large");
    await expectStillServing();
  });

  it("streams a body and cuts it at the limit, and reports it", async () => {
    const answer = await inMode("too-large-streamed");
    expect(answer.status).toBe(200);
    expect(answer.text.length).toBeLessThanOrEqual(LIMIT);
    expect(answer.error).toBeDefined();
    await expect.poll(() => reports.flatMap((report) => report.findings.map((finding) => finding.kind))).toContain("body-too-large");
    await expectStillServing();
  });

  it("passes a compression bomb on as it came without inflating it, and says it was not checked", async () => {
    const answer = await inMode("bomb");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe("gzip");
    await expect.poll(() => reports.flatMap((report) => report.findings)).toContainEqual(expect.objectContaining({ kind: "not-checked", severity: "warning" }));
    await expectStillServing();
  });

  it("stops hop-by-hop headers both ways", async () => {
    const answer = await inMode("hop-by-hop", {
      headers: { connection: "x-client-hop", "x-client-hop": "1", "keep-alive": "timeout=9", "proxy-authorization": "Basic c2VjcmV0", te: "trailers" },
    });
    expect(answer.status).toBe(200);
    for (const name of ["x-client-hop", "keep-alive: timeout=9", "proxy-authorization", "te:"]) expect(lastHead.toLowerCase()).not.toContain(name);
    for (const name of ["x-secret-hop", "proxy-authenticate", "upgrade"]) expect(answer.headers[name]).toBeUndefined();
    await expectStillServing();
  });

  it.each(["redirect-absolute", "redirect-relative"])("rewrites a Location into the deployment (%s) to a path on the proxy", async (mode) => {
    const answer = await inMode(mode);
    expect(answer.status).toBe(302);
    expect(answer.headers["location"]).toMatch(/^\/guest-connections\/elsewhere(\?x=1)?$/);
  });

  it("never puts the caller's token in what it reports", async () => {
    expect((await inMode("echo-token")).status).toBe(200);
    expect((await through(`/nowhere?token=${TOKEN}`, { headers: { "x-mode": "plain" } })).status).toBe(200);
    expect(reports.map((report) => report.findings[0]?.kind).sort()).toEqual(["new-enum-value", "unknown-operation"]);
    expect(JSON.stringify(reports)).not.toContain(TOKEN);
  });

  it("prints drift lines without the token or the control characters the deployment sent", async () => {
    const run = runCli(["--proxy", upstreamUrl, "--port", "0"]);
    try {
      const url = /listening on (\S+)/.exec(await run.waitForLine(/listening on/))?.[1] as string;
      const answer = await fetch(`${url}${DETAIL}`, { headers: { ...headers, "x-mode": "echo-token" } });
      expect(answer.status).toBe(200);
      await expect.poll(() => run.stderr()).toContain("new-enum-value");
      expect(run.stderr()).not.toContain(TOKEN);
      expect(run.stderr()).not.toContain("\u001b");
      expect(run.stderr()).toContain("\\u001b[31m");
    } finally {
      await run.stop();
    }
  });
});

describe("the validating proxy, against a hostile client", () => {
  it("survives a client that vanishes mid-upload", async () => {
    const { hostname, port } = new URL(proxy.url);
    await new Promise<void>((resolve) => {
      const outgoing = request({
        host: hostname,
        port,
        method: "PATCH",
        path: DETAIL,
        headers: { ...headers, "content-type": "application/json", "content-length": "100000" },
      });
      outgoing.on("error", () => resolve());
      outgoing.write('{"archived": ');
      setTimeout(() => {
        outgoing.destroy();
        resolve();
      }, 50);
    });
    await expectStillServing();
  });

  it.each([
    ["declared", { "content-length": String(LIMIT + 1) }],
    ["chunked", {}],
  ] as const)("answers 413 for a request body past the limit (%s)", async (_how, extra) => {
    const answer = await through(DETAIL, { method: "PATCH", headers: { "content-type": "application/json", ...extra }, body: Buffer.alloc(LIMIT + 1, 0x20) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ detail: [{ code: "proxy_body_too_large" }] });
    await expectStillServing();
  });
});
