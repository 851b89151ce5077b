/**
 * The mock answers from its first connection: a test suite that starts it and sends at once must
 * not meet a hang or a 500 of the mock's own making. Requests are sent from the moment its port
 * accepts a connection (while its checks load and its engine starts), through `startMockServer`
 * and the `mycreditapp-mock` command, static and `--dynamic`, 50 starts in a row in all (the
 * other Node lines' lanes set fewer with STARTUP_STARTS); each must get the operation's 200 with a
 * body its schema accepts, or, for an invalid request, the 422, within 30 s.
 */
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { responseValidators } from "../../generated/response-validators.js";
import { findFreePort } from "../../src/mock/free-port.ts";
import { startMockServer } from "../../src/mock/index.ts";
import { runCli } from "../support/cli-process.ts";
import { selfHeaders, TEST_TOKEN } from "../support/client.ts";

const STARTS = Number(process.env["STARTUP_STARTS"] ?? 50);
/** The starts of each way in: most through startMockServer, a tenth each through the command. */
const API_STARTS = Math.max(1, Math.round(STARTS * 0.4));
const COMMAND_STARTS = Math.max(1, Math.round(STARTS * 0.1));
const EARLY_REQUESTS = 6;
const headers = { ...selfHeaders, authorization: `Bearer ${TEST_TOKEN}` };
const LIST = "/guest-connections?statuses=connected&limit=10&offset=0";
const INVALID = "/guest-connections?statuses=connected&limit=500&offset=0";

/** One GET, sent as soon as a connection is accepted (refused connections are retried at once); its status and body, within `timeoutMs`. */
function sendWhenAccepted(port: number, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const request = httpRequest({ host: "127.0.0.1", port, path, headers, agent: false }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.setTimeout(Math.max(1, deadline - Date.now()), () => request.destroy(new Error(`no answer to ${path} within ${timeoutMs} ms`)));
      request.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ECONNREFUSED" && Date.now() < deadline) setImmediate(attempt);
        else reject(error);
      });
      request.end();
    };
    attempt();
  });
}

async function earlyAnswersAreRight(port: number): Promise<void> {
  const answers = await Promise.all([
    ...Array.from({ length: EARLY_REQUESTS }, () => sendWhenAccepted(port, LIST, 30_000)),
    sendWhenAccepted(port, INVALID, 30_000),
  ]);
  const invalid = answers.pop();
  for (const answer of answers) {
    expect(answer.status, answer.body).toBe(200);
    const validate = responseValidators.listGuestConnections?.["200"];
    expect(validate?.(JSON.parse(answer.body)), JSON.stringify(validate?.errors)).toBe(true);
  }
  expect(invalid?.status, invalid?.body).toBe(422);
  expect(invalid?.body).toContain('"limit"');
}

describe.each([
  ["static", false],
  ["dynamic", true],
])("startMockServer (%s) answers what arrives while it starts", (_name, dynamic) => {
  it(`gives every early request its right answer, ${API_STARTS} starts in a row`, async () => {
    for (let start = 0; start < API_STARTS; start++) {
      const port = await findFreePort("127.0.0.1");
      const starting = startMockServer({ port, dynamic });
      try {
        await earlyAnswersAreRight(port);
      } finally {
        await (await starting).close();
      }
    }
  }, 300_000);
});

describe("mycreditapp-mock answers what arrives while it starts", () => {
  it.each([[[]], [["--dynamic"]]])(
    "gives every early request its right answer (%j)",
    async (extra) => {
      for (let start = 0; start < COMMAND_STARTS; start++) {
        const port = await findFreePort("127.0.0.1");
        const run = runCli(["--port", String(port), ...extra]);
        try {
          await earlyAnswersAreRight(port);
        } finally {
          await run.stop();
        }
      }
    },
    300_000,
  );
});
