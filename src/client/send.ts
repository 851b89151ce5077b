/**
 * One call of one operation, from input checks to a parsed result: binds the credentials, checks
 * the input against the spec, builds the URL (as openapi-fetch would), retries idempotent
 * GETs, enforces the time-out and turns every failure into its own error type. Nothing here
 * imports Node modules.
 */
import { requestRules } from "../../generated/operations.js";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { checkValue } from "../request-checks/check-value.ts";
import { AbortError, ApiError, InvalidResponseError, NetworkError, RequestValidationError, ResponseValidationError, TokenError } from "./errors.ts";
import { checkOptions, mergeRetry, type CallOptions, type RetryPolicy, type Settings, type TokenSource } from "./options.ts";
import { CallStop } from "./call-stop.ts";
import { requestUrl } from "./request-url.ts";
import { redactBody, tokenRedactor } from "./redact.ts";
import { retryDelay, sleep } from "./retry.ts";

export interface CallInput {
  path?: Readonly<Record<string, unknown>>;
  query?: unknown;
  body?: unknown;
}

export type Outcome = { data: unknown; error?: undefined; response: Response } | { data?: undefined; error: ApiError; response: Response };

export const REQUESTER = "Requester-Organization-ID";
export const TARGET = "Target-Organization-ID";
/** RFC 6750 `b64token`: anything else could not be sent in a header, and would leak in the error. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Gets the token for one try; it is only ever placed in the `Authorization` header. */
export async function resolveToken(source: TokenSource, operation: OperationId | undefined): Promise<string> {
  let token: unknown;
  try {
    token = typeof source === "function" ? await source() : source;
  } catch (error) {
    throw new TokenError(operation, "the token function threw; see `cause`", error);
  }
  if (typeof token !== "string" || !BEARER_TOKEN.test(token)) {
    throw new TokenError(operation, `the token (a ${typeof token}) is not a valid bearer token`);
  }
  return token;
}

/** Input checks with the spec's own constraints; unknown query and body keys are typos, so they fail too. */
function checkInput(operation: OperationId, input: CallInput): void {
  const rules = requestRules[operation];
  const issues: ErrorDetail[] = [];
  // The organization headers come from options already checked against the same UUID schema.
  const { path, query } = rules.parameters;
  if (path) checkValue(path, input.path ?? {}, ["path"], issues);
  if (query) checkValue(query, input.query ?? {}, ["query"], issues, input.query ?? {}, true);
  if (rules.body) {
    if (input.body === undefined) issues.push({ loc: ["body"], msg: "Field required", type: "missing", code: "missing", input: null });
    else checkValue(rules.body.schema, input.body, ["body"], issues, input.body, true);
  }
  if (issues.length > 0) throw new RequestValidationError(operation, issues);
}

function parseSuccess(operation: OperationId, response: Response, text: string): unknown {
  // No content (a 204, or an empty body) is no data, as openapi-fetch reads it.
  if (response.status === 204 || text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (!/[/+]json\b/i.test(type)) throw new InvalidResponseError(operation, response.status, `has content-type "${type}", not JSON`);
  try {
    return JSON.parse(text);
  } catch (error) {
    // Not the parser's message: it quotes the body, which may hold anything, the token included.
    throw new InvalidResponseError(operation, response.status, `is not valid JSON (${text.length} characters, ${(error as Error).name})`);
  }
}

function validate(settings: Settings, operation: OperationId, status: number, body: unknown): void {
  const issue = settings.validateResponse?.(operation, status, body);
  if (issue) throw new ResponseValidationError(operation, status, issue.path, issue.message);
}

/** The body of a non-2xx answer: JSON when it parses, else the text, else `undefined`. */
function errorBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A plain request's parts, made once per call and sent once per try. */
interface Prepared {
  operation: OperationId;
  method: string;
  url: string;
  requester: string;
  target: string;
  /** The caller's extra headers (client and call `headers` merged); `undefined` when there are none. */
  extra: Readonly<Record<string, string>> | undefined;
  body: string | undefined;
  retry: RetryPolicy | false;
}

/** Checks the input and options and builds the request; throws on bad input. */
function prepare(settings: Settings, operation: OperationId, input: CallInput, options: CallOptions): Prepared {
  const rules = requestRules[operation];
  const headers = checkOptions(options);
  if (settings.validateRequests) checkInput(operation, input);
  if (options.signal?.aborted) throw new AbortError(operation, options.signal.reason);
  return {
    operation,
    method: rules.method,
    url: requestUrl(settings.baseUrl, rules.template, input.path, input.query as Record<string, unknown> | undefined),
    requester: settings.requester,
    target: options.targetOrganizationId ?? settings.requester,
    extra: headers ? { ...settings.headers, ...headers } : settings.headers,
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
    retry: rules.method === "GET" && mergeRetry(options.retry, settings.retry),
  };
}

/** What a call returns: the whole outcome (`raw` methods) or the data, throwing the error (the others). */
type Finish<R> = (outcome: Outcome) => R;
const outcomeOf: Finish<Outcome> = (outcome) => outcome;
const dataOf: Finish<unknown> = (outcome) => {
  if (outcome.error) throw outcome.error;
  return outcome.data;
};

/** One call, resolving with `{ data, error, response }`. */
export function send(settings: Settings, operation: OperationId, input: CallInput, options?: CallOptions): Promise<Outcome> {
  return run(settings, operation, input, options ?? {}, outcomeOf);
}

/** One call, resolving with the data and rejecting with the `ApiError` of a non-2xx answer. */
export function call(settings: Settings, operation: OperationId, input: CallInput, options?: CallOptions): Promise<unknown> {
  return run(settings, operation, input, options ?? {}, dataOf);
}

// Not `async`, and `finish` applied inside: every promise layer between fetch and the caller costs
// turns of the microtask queue on each call. Bad input still rejects rather than throws.
function run<R>(settings: Settings, operation: OperationId, input: CallInput, options: CallOptions, finish: Finish<R>): Promise<R> {
  let prepared: Prepared;
  try {
    prepared = prepare(settings, operation, input, options);
  } catch (error) {
    // Bad input of any kind, from typed or plain JavaScript callers, rejects with a typed error.
    return Promise.reject(error instanceof RequestValidationError ? new RequestValidationError(operation, error.issues) : error);
  }
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const { signal } = options;
  // Nothing can stop this call early: no bookkeeping.
  if (timeoutMs === false && !signal) return tries(settings, prepared, finish);
  const stop = new CallStop(operation, timeoutMs, signal);
  if (timeoutMs !== false) settings.deadlines.add(stop);
  return new Promise<R>((resolve, reject) => {
    stop.reject = reject;
    tries(settings, prepared, finish, stop, stop.controller?.signal).then(resolve, reject);
  });
}

/**
 * The headers of one try. Written as object literals on purpose: Node's fetch reads a headers
 * object built by spreading and computed keys markedly slower than a literal of the same keys.
 */
function requestHeaders(request: Prepared, token: string): Record<string, string> {
  const headers: Record<string, string> = {
    "Requester-Organization-ID": request.requester,
    "Target-Organization-ID": request.target,
    Authorization: `Bearer ${token}`,
  };
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  // The caller's headers go first, so they can never replace the credentials or the organizations.
  return request.extra ? { ...request.extra, ...headers } : headers;
}

/**
 * Sends the request, and again after a retryable failure, until an outcome, the retry limit or a
 * stop. Without `stop`, nothing can end the call early.
 */
async function tries<R>(settings: Settings, request: Prepared, finish: Finish<R>, stop?: CallStop, signal?: AbortSignal): Promise<R> {
  const { operation, retry } = request;
  try {
    for (let attempt = 0; ; attempt++) {
      // A fixed, well-formed token needs no await.
      const fixed = settings.token;
      const token = typeof fixed === "string" && BEARER_TOKEN.test(fixed) ? fixed : await resolveToken(fixed, operation);
      if (stop?.reason) throw stop.reason;
      const canRetry = retry !== false && attempt < retry.limit;
      let response: Response;
      let text: string;
      try {
        const headers = requestHeaders(request, token);
        const body = request.body ?? null;
        // Literals again (see requestHeaders): no signal unless the caller gave one.
        const init: RequestInit = signal ? { method: request.method, headers, body, signal } : { method: request.method, headers, body };
        response = await settings.transport(request.url, init);
        if (stop?.reason) {
          // Too late: release the connection instead of reading a body nobody waits for.
          response.body?.cancel().catch(() => undefined);
          throw stop.reason;
        }
        text = await response.text();
      } catch (error) {
        if (stop?.reason) throw stop.reason;
        if (!canRetry) throw new NetworkError(operation, error);
        await sleep(retryDelay(retry, attempt, null) as number, stop ?? { wake: undefined });
        continue;
      }
      if (stop?.reason) throw stop.reason;

      if (canRetry && retry.statuses.includes(response.status)) {
        const delay = retryDelay(retry, attempt, response.headers.get("retry-after"));
        if (delay !== undefined) {
          await sleep(delay, stop ?? { wake: undefined });
          continue;
        }
      }
      if (response.ok) {
        const data = parseSuccess(operation, response, text);
        validate(settings, operation, response.status, data);
        return finish({ data, response });
      }
      const redact = tokenRedactor(token);
      const errorData = redactBody(errorBody(text), redact);
      // A non-2xx is always an ApiError; a body that breaks the declared error schema is recorded on it.
      const violation = settings.validateResponse?.(operation, response.status, errorData);
      const echoedId = response.headers.get("x-request-id") ?? response.headers.get("request-id");
      const requestId = echoedId === null ? undefined : redact(echoedId);
      return finish({ error: new ApiError(operation, response.status, errorData, requestId, violation), response });
    }
  } finally {
    if (stop) {
      settings.deadlines.remove(stop);
      stop.release();
    }
  }
}
