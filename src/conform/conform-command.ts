/**
 * `mycreditapp-contract conform <FILE|URL>`: compares a server's own generated OpenAPI document
 * with the contract (conform.ts). Exit codes: 0 the document conforms (warnings allowed, unless
 * `--strict`), 1 it drifts, 2 it could not be judged (a usage mistake, a document that cannot be
 * read, an allow-list that is wrong). Whatever goes wrong is one line on stderr, never a stack
 * trace; a token for fetching the document comes from an environment variable and is never printed.
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { BEARER_TOKEN } from "../http/bearer-token.ts";
import type { OpenApiDocument } from "../spec/openapi-document.ts";
import { printable } from "../http/untrusted-text.ts";
import { readAllowList, type AllowEntry } from "./allow-list.ts";
import { CONFORM_FORMATS, renderConformReport, type ConformFormat } from "./conform-report.ts";
import { conformDocuments } from "./conform.ts";
import { DocumentError, readServerDocument } from "./read-document.ts";

export const CONFORM_USAGE = `Usage: mycreditapp-contract conform <FILE|URL> [options]
  FILE|URL              the server's generated OpenAPI document (JSON or YAML), e.g. a file
                        dumped from app.openapi(), or http://127.0.0.1:8000/v1-beta/openapi.json
  --allow FILE          differences the team accepts, each with a reason (JSON or YAML)
  --format FORMAT       text, json, junit or github (default text)
  --report FILE         also write the report to FILE, as --format says (stdout keeps text)
  --strict              warnings fail the run too
  --token-env NAME      send the bearer token in this environment variable to fetch a URL
  --timeout MS          time-out of fetching a URL (default 10000)
  --help                print this help`;

/** Runs the command; resolves with the exit code. `print` and `error` take whole lines. */
export async function runConform(args: string[], io: { print: (text: string) => void; error: (line: string) => void }): Promise<number> {
  const usage = (message: string): number => {
    io.error(`mycreditapp-contract conform: ${message}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        allow: { type: "string" },
        format: { type: "string", default: "text" },
        report: { type: "string" },
        strict: { type: "boolean", default: false },
        "token-env": { type: "string" },
        timeout: { type: "string", default: "10000" },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return usage(`${printable((error as Error).message)}\n${CONFORM_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.print(`${CONFORM_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1)
    return usage(`give one document, a file or a URL${positionals.length > 1 ? ` (got ${positionals.length})` : ""}\n${CONFORM_USAGE}`);
  const format = values.format as ConformFormat;
  if (!CONFORM_FORMATS.includes(format)) return usage(`--format must be one of ${CONFORM_FORMATS.join(", ")}, got "${printable(values.format)}"`);
  if (!/^\d+$/.test(values.timeout) || Number(values.timeout) <= 0)
    return usage(`--timeout must be a positive number of milliseconds, got "${printable(values.timeout)}"`);
  let token: string | undefined;
  if (values["token-env"] !== undefined) {
    token = (process.env[values["token-env"]] ?? "").trim();
    if (token === "") return usage(`the environment variable ${printable(values["token-env"])} holds no token`);
    if (!BEARER_TOKEN.test(token)) return usage(`the token in ${printable(values["token-env"])} holds characters a bearer token cannot (RFC 6750)`);
  }
  const location = positionals[0] as string;
  try {
    const allowList: AllowEntry[] = values.allow === undefined ? [] : await readAllowList(values.allow);
    const { document, source } = await readServerDocument(location, { timeoutMs: Number(values.timeout), token });
    const contract = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8")) as OpenApiDocument;
    const result = conformDocuments(contract, document, { source, allowList });
    if (values.report !== undefined) {
      await writeFile(values.report, renderConformReport(result, format));
      io.print(renderConformReport(result, "text"));
    } else io.print(renderConformReport(result, format));
    return result.failures > 0 || (values.strict && result.warnings > 0) ? 1 : 0;
  } catch (error) {
    if (error instanceof DocumentError) return usage(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    return usage(printable(code ? `${code}: ${(error as Error).message}` : `could not judge the document: ${(error as Error).message}`));
  }
}
