/**
 * The validating proxy's memory while 200 MiB flow through it, each way: the built
 * `mycreditapp-mock --proxy` command in its own process (limits raised past 200 MiB), in front of
 * a loopback upstream that swallows an upload or streams a download. Its resident memory is read
 * from /proc every 20 ms; the peak is set beside the proxy's idle memory and beside the bytes
 * that flowed, the peer a buffering proxy would need at least.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";
import { stopChild } from "../../src/mock/prism-process.ts";
import { repoRoot } from "../lib/paths.ts";

const MiB = 1024 * 1024;
const FLOW = 200 * MiB;
const CHUNK = Buffer.alloc(MiB, 0x20);
const DETAIL = "/guest-connections/c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77";

export interface ProxyMemoryResult {
  flowedMiB: number;
  idleMiB: number;
  peakUploadMiB: number;
  peakDownloadMiB: number;
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Writes `FLOW` bytes to `stream`, a chunk at a time as it drains, then ends it. */
function pump(stream: Writable): void {
  let sent = 0;
  const more = (): void => {
    while (sent < FLOW) {
      sent += CHUNK.length;
      if (!stream.write(CHUNK)) return void stream.once("drain", more);
    }
    stream.end();
  };
  more();
}

/** Sends `FLOW` bytes up, or reads them down, through the proxy at `url`. */
function flow(url: string, direction: "upload" | "download"): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: hostname,
        port,
        method: direction === "upload" ? "PATCH" : "GET",
        path: DETAIL,
        headers: { authorization: "Bearer bench-token-123", "content-type": "application/json" },
      },
      (answer) => {
        answer.on("data", () => undefined);
        answer.on("end", () => resolve());
        answer.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    if (direction === "download") outgoing.end();
    else pump(outgoing);
  });
}

export async function benchProxyMemory(): Promise<ProxyMemoryResult> {
  const upstream = createServer((incoming, answer) => {
    if (incoming.method === "PATCH") {
      incoming.resume();
      incoming.on("end", () => answer.writeHead(200, { "content-type": "application/json" }).end("{}"));
      return;
    }
    answer.writeHead(200, { "content-type": "application/json", "content-length": String(FLOW) });
    pump(answer);
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1-beta`;
  const limit = String(FLOW * 2);
  const child = spawn(
    process.execPath,
    [join(repoRoot, "dist/src/mock/cli.js"), "--proxy", upstreamUrl, "--port", "0", "--max-request-bytes", limit, "--max-response-bytes", limit],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`mycreditapp-mock --proxy exited with ${code}`)));
      createInterface({ input: child.stdout }).once("line", resolve);
    });
    const url = /(http:\/\/\S+)/.exec(line)?.[1] as string;
    const pid = child.pid as number;
    const idleMiB = await rssMiB(pid);
    const peakDuring = async (direction: "upload" | "download"): Promise<number> => {
      let peak = 0;
      const sampler = setInterval(() => void rssMiB(pid).then((value) => (peak = Math.max(peak, value))), 20);
      try {
        await flow(url, direction);
      } finally {
        clearInterval(sampler);
      }
      return Math.max(peak, await rssMiB(pid));
    };
    return { flowedMiB: FLOW / MiB, idleMiB, peakUploadMiB: await peakDuring("upload"), peakDownloadMiB: await peakDuring("download") };
  } finally {
    await stopChild(child);
    upstream.closeAllConnections();
    upstream.close();
  }
}
