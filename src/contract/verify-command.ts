/**
 * `mycreditapp-contract verify` (and `npm run verify`): checks a running deployment against the
 * contract (see verify.ts). The token comes from an environment variable, never from a flag (flags
 * land in shell history and process lists), and is never printed: `curl` lines read `$TOKEN`.
 * Exit codes: 0 the deployment keeps the contract, 1 it drifts, 2 a usage or connection problem,
 * a write that could not be undone, or a clean run cut short (by SIGINT / SIGTERM, a deployment
 * that stops answering, or state it cannot read), which proves nothing.
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { BEARER_TOKEN } from "../http/bearer-token.ts";
import { UUID } from "../spec/formats.ts";
import { MIN_SECRET_LENGTH, printable } from "../http/untrusted-text.ts";
import { renderReport, type ReportFormat } from "./report.ts";
import { verifyDeployment } from "./verify.ts";

export const VERIFY_USAGE = `Usage: mycreditapp-contract verify --base-url URL --requester-org UUID [options]
  --base-url URL        the deployment, e.g. https://api.mycreditapp.ai/v1-beta
  --requester-org UUID  your organization (Requester-Organization-ID)
  --target-org UUID     the organization acted on (default: the requester, Self)
  --token-env NAME      the environment variable holding the bearer token (default MYCREDITAPP_TOKEN)
  --requests N          most valid requests per operation (default 10); on top, one
                        request without a token and one invalid request per constraint
  --rate N              most requests per second (default 2)
  --seed TEXT           seed of the generated requests (default "verify")
  --timeout MS          time-out of one request (default 10000)
  --no-negative         skip the checks that send invalid input or no token
  --strict              fields the contract does not declare are failures, not warnings
  --allow-writes        also check the operations that write, on --patch-id only, restoring it after
  --patch-id UUID       the one resource writes may change
  --report FILE         also write the report to FILE, as --format says
  --format FORMAT       junit, markdown or json (default json; needs --report)
  --quiet               no progress lines
  --help                print this help`;

const FORMATS = ["junit", "markdown", "json"] as const;

function usage(message: string): never {
  console.error(`mycreditapp-contract: ${message}`);
  process.exit(2);
}

function options(rest: string[]) {
  try {
    return parseArgs({
      args: rest,
      options: {
        "base-url": { type: "string" },
        "requester-org": { type: "string" },
        "target-org": { type: "string" },
        "token-env": { type: "string", default: "MYCREDITAPP_TOKEN" },
        requests: { type: "string", default: "10" },
        rate: { type: "string", default: "2" },
        seed: { type: "string", default: "verify" },
        timeout: { type: "string", default: "10000" },
        "no-negative": { type: "boolean", default: false },
        strict: { type: "boolean", default: false },
        "allow-writes": { type: "boolean", default: false },
        "patch-id": { type: "string" },
        report: { type: "string" },
        format: { type: "string", default: "json" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return usage(`${(error as Error).message}\n${VERIFY_USAGE}`);
  }
}

/** Runs `verify` with its arguments (after the command's name); sets `process.exitCode`, or exits on a usage mistake. */
export async function runVerify(rest: string[]): Promise<void> {
  const values = options(rest);
  if (values.help) {
    console.log(VERIFY_USAGE);
    process.exit(0);
  }
  const positive = (name: string, value: string): number => {
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) usage(`--${name} must be a positive number, got "${value}"`);
    return Number(value);
  };
  const baseUrl = values["base-url"] ?? usage("--base-url is required");
  if (!/^https?:\/\/[^/]/.test(baseUrl)) usage(`--base-url must be an absolute http(s) URL, got "${baseUrl}"`);
  const requester = values["requester-org"] ?? usage("--requester-org is required");
  if (!UUID.test(requester)) usage(`--requester-org must be a UUID, got "${requester}"`);
  if (values["target-org"] !== undefined && !UUID.test(values["target-org"])) usage(`--target-org must be a UUID, got "${values["target-org"]}"`);
  if (values["allow-writes"] !== (values["patch-id"] !== undefined)) usage("--allow-writes and --patch-id go together: writes change that one resource only");
  if (values["patch-id"] !== undefined && !UUID.test(values["patch-id"])) usage(`--patch-id must be a UUID, got "${printable(values["patch-id"])}"`);
  if (!(FORMATS as readonly string[]).includes(values.format)) usage(`--format must be one of ${FORMATS.join(", ")}, got "${values.format}"`);
  const tokenName = values["token-env"];
  // A secret stored with a trailing newline or space is common; the header would not carry it anyway.
  const token = (process.env[tokenName] ?? "").trim();
  if (token === "") usage(`set the bearer token in the environment variable ${tokenName} (it is never read from a flag)`);
  if (token.length < MIN_SECRET_LENGTH)
    usage(`the token in ${tokenName} is ${token.length} characters long; one under ${MIN_SECRET_LENGTH} cannot be kept out of the report safely`);
  if (!BEARER_TOKEN.test(token)) usage(`the token in ${tokenName} holds characters a bearer token cannot (RFC 6750)`);
  const requests = Math.floor(positive("requests", values.requests));

  // Ctrl-C stops sending, undoes any write, and still reports what was found. A second one does not
  // cut the undoing short: the resource would stay changed.
  let interrupt: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (interrupt = resolve));
  let signals = 0;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (signals++ > 0) console.error("mycreditapp-contract: stopping; undoing the writes first");
      interrupt();
    });
  }

  const result = await verifyDeployment({
    baseUrl,
    token,
    requesterOrganizationId: requester,
    targetOrganizationId: values["target-org"],
    requests,
    rate: positive("rate", values.rate),
    seed: values.seed,
    timeoutMs: positive("timeout", values.timeout),
    negative: !values["no-negative"],
    strict: values.strict,
    writeTarget: values["allow-writes"] ? values["patch-id"] : undefined,
    ...(!values.quiet && { onProgress: (line: string) => console.error(`mycreditapp-contract: ${line}`) }),
    stopped,
  });

  process.stdout.write(renderReport(result, "text", token));
  if (values.report) {
    await writeFile(values.report, renderReport(result, values.format as ReportFormat, token)).catch((error: unknown) => {
      console.error(
        `mycreditapp-contract: could not write the report to ${values.report}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
      process.exit(2);
    });
  }
  // Drift wins over an interruption: what was found is real; a run cut short and clean proved nothing,
  // and a write that could not be undone is something to act on, not drift.
  process.exitCode = result.failures > 0 ? 1 : result.restoreError || result.connectionError || result.aborted || result.interrupted ? 2 : 0;
}
