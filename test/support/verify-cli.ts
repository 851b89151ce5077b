/**
 * Runs `mycreditapp-contract verify` (or `conform`) from source in a child process, with the token
 * in the environment as a user sets it, and returns its exit code and output.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const CLI = fileURLToPath(new URL("../../src/contract/cli.ts", import.meta.url));

export interface VerifyRun {
  code: number;
  stdout: string;
  stderr: string;
}

const runCommand = (command: "verify" | "conform", args: string[], env: Record<string, string>): Promise<VerifyRun> =>
  promisify(execFile)(process.execPath, ["--import", "tsx", CLI, command, ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: VerifyRun) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

export const runVerify = (args: string[], env: Record<string, string>): Promise<VerifyRun> => runCommand("verify", args, env);
export const runConform = (args: string[], env: Record<string, string> = {}): Promise<VerifyRun> => runCommand("conform", args, env);

/** The number of items the text report says an operation validated; `undefined` when it has no line. */
export function validatedItems(stdout: string, operationId: string): number | undefined {
  const line = stdout.split("\n").find((text) => text.startsWith(`${operationId} (`));
  const count = line === undefined ? undefined : /(\d+) items? validated/.exec(line)?.[1];
  return count === undefined ? undefined : Number(count);
}
