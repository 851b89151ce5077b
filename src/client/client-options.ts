/**
 * The client's options (`ClientOptions`), given once to `createMyCreditAppClient`: their type,
 * their defaults, and their check, which turns a wrong option into a {@link ConfigurationError}
 * when the client is created rather than a surprise on the first request. The result is the one
 * `ClientSettings` every call of the client reads; a call's own options resolve over it
 * (call-options.ts).
 */
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { DEFAULT_BASE_URL } from "../http/base-url.ts";
import { BEARER_TOKEN } from "../http/bearer-token.ts";
import { checkValue } from "../request-checks/check-value.ts";
import type { RuleSchema } from "../spec/operation-table.ts";
import {
  AN_OBJECT,
  DEFAULT_RETRY,
  mergeRetry,
  optionIssue,
  optionIssues,
  ORGANIZATION_ID,
  type CallDefaults,
  type OwnOptions,
  type RetryOptions,
} from "./call-options.ts";
import { ConfigurationError } from "./errors.ts";

export { DEFAULT_BASE_URL } from "../http/base-url.ts";

/** A bearer token, or a function called before every request (and retry) so tokens can rotate. */
export type TokenSource = string | (() => string | Promise<string>);

/** Checks a response body against the spec; returns the first violation, if any. */
export type ResponseValidator = (operation: OperationId, status: number, body: unknown) => { path: string; message: string } | undefined;

/** A `fetch`: called as `fetch(request, init)`, `init.signal` set when the call can stop early. */
export type FetchFunction = (request: Request, init?: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** The bearer token (a JWT), or a function returning it. */
  token: TokenSource;
  /** The caller's own organization: the `Requester-Organization-ID` of every request. */
  requesterOrganizationId: string;
  /** Server URL; defaults to production, {@link DEFAULT_BASE_URL}. */
  baseUrl?: string | undefined;
  /**
   * Any `fetch` implementation; defaults to the global one. It is called as `fetch(request, init)`,
   * `init.signal` set when the call can stop early: follow it, so that a time-out or an abort ends
   * the request itself.
   */
  fetch?: FetchFunction | undefined;
  /** Default time-out of a call, retries included. Default 30 000 ms; `false` for none. */
  timeoutMs?: number | false | undefined;
  /** Retries of idempotent GETs; `false` turns them off. The PATCH is never retried. */
  retry?: RetryOptions | false | undefined;
  /** Headers added to every request. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Check inputs against the spec before sending. Default `true`. */
  validateRequests?: boolean | undefined;
  /** Check responses against the spec: pass `validateResponse` from `@mycreditapp/api-contract/validators`. */
  validateResponse?: ResponseValidator | undefined;
  /**
   * The longest answer body read, in bytes; a longer one fails the call with an
   * `InvalidResponseError`. Default 10 MiB, far more than any page of the API (100 items).
   */
  maxResponseBytes?: number | undefined;
}

export interface ClientSettings extends CallDefaults {
  token: TokenSource;
  requester: string;
  baseUrl: string;
  fetch: FetchFunction;
  validateResponse: ResponseValidator | undefined;
  maxResponseBytes: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const BYTES: RuleSchema = { type: "integer", minimum: 1 };

/** The client's own options besides those a call shares (call-options.ts). */
const CLIENT_OPTIONS: OwnOptions = {
  holder: "the client",
  properties: { requesterOrganizationId: ORGANIZATION_ID, maxResponseBytes: BYTES },
  required: ["requesterOrganizationId"],
  checkedApart: ["token", "baseUrl", "fetch", "validateResponse"],
};

/** An absolute http(s) URL, without the trailing slash that would double the one every path starts with. */
function checkBaseUrl(baseUrl: unknown, issues: ErrorDetail[]): string {
  if (baseUrl === undefined) return DEFAULT_BASE_URL;
  let protocol: string | undefined;
  try {
    // Only a string is parsed: `new URL` would call an object's own toString.
    protocol = typeof baseUrl === "string" ? new URL(baseUrl).protocol : undefined;
  } catch {
    // Not a URL: the check below names it.
  }
  if (typeof baseUrl !== "string" || (protocol !== "http:" && protocol !== "https:")) {
    issues.push({ ...optionIssue("baseUrl", "Input should be an absolute http(s) URL", baseUrl), type: "url_parsing" });
  }
  return String(baseUrl).replace(/\/+$/, "");
}

/** The client's settings, every option checked at once: a {@link ConfigurationError} names each wrong one. */
export function resolveClientOptions(options: ClientOptions): ClientSettings {
  const issues: ErrorDetail[] = [];
  // Not an object: nothing else can be read from it.
  if (!checkValue(AN_OBJECT, options, ["options"], issues)) throw new ConfigurationError(undefined, issues);
  const given = options as unknown as Readonly<Record<string, unknown>>;
  const { token } = options;
  // A fixed token is checked once, here, so that every try can send it as it is. The token itself
  // is never echoed back, only its kind.
  if (typeof token !== "function" && (typeof token !== "string" || !BEARER_TOKEN.test(token))) {
    issues.push(optionIssue("token", "Input should be a bearer token (RFC 6750) or a function returning one", typeof token));
  }
  const headers = optionIssues(given, CLIENT_OPTIONS, issues);
  const baseUrl = checkBaseUrl(options.baseUrl, issues);
  for (const key of ["fetch", "validateResponse"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "function") issues.push(optionIssue(key, "Input should be a function"));
  }
  if (issues.length > 0) throw new ConfigurationError(undefined, issues);
  return {
    token,
    requester: options.requesterOrganizationId,
    baseUrl,
    // Looked up on each call, not bound now: a test or a polyfill may replace the global later.
    fetch: options.fetch ?? ((request, init) => fetch(request, init)),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: mergeRetry(options.retry, DEFAULT_RETRY),
    headers,
    validateRequests: options.validateRequests ?? true,
    validateResponse: options.validateResponse,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
}
