/**
 * Starts test/fastapi/app.py (a FastAPI application written from the reference pages) on
 * 127.0.0.1 and a free port, under the Python named by `FASTAPI_PYTHON` (the one .ci/fastapi-lane.sh
 * makes sure has FastAPI, uvicorn and email-validator), and stops it: only the process it started.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../../src/mock/free-port.ts";

export type FastApiMode = "stock" | "documented";

export interface FastApiServer {
  /** The API's base URL: `http://127.0.0.1:PORT/v1-beta`. */
  url: string;
  close(): Promise<void>;
}

const APP = fileURLToPath(new URL("./app.py", import.meta.url));

/** Starts the app in `mode`, changed by `mutation` (see MUTATIONS in app.py) when one is named. */
export async function startFastApi(mode: FastApiMode, mutation?: string): Promise<FastApiServer> {
  const python = process.env["FASTAPI_PYTHON"];
  if (!python) throw new Error("FASTAPI_PYTHON names no Python with FastAPI: run the suite through .ci/fastapi-lane.sh");
  const port = await findFreePort("127.0.0.1");
  const child = spawn(python, [APP, String(port), mode, ...(mutation ? [mutation] : [])], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = `${stderr}${chunk.toString("utf8")}`.slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Mounted as the API is deployed: the base URL holds /v1-beta.
  const url = `http://127.0.0.1:${port}/v1-beta`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  // Ready when it answers: its own OpenAPI document is the one route that needs no token.
  for (const started = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error(`the FastAPI app exited (${child.exitCode}): ${stderr}`);
    const ready = await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, close };
    if (Date.now() - started > 20_000) {
      await close();
      throw new Error(`the FastAPI app did not answer within 20 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
