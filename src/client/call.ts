/**
 * One call of the API, from its arguments to its outcome, for every surface: the methods, `raw`,
 * `paginate` and `collectAll` (create-client.ts) and `fetchClient`, the openapi-fetch client they
 * all run on. Read top to bottom, a call:
 *   1. resolves its options over the client's (call-options.ts), once;
 *   2. checks its input against the spec, and refuses it with a `RequestValidationError` before
 *      anything is sent;
 *   3. arms its stop: its time-out and the caller's signal, both ending it with the package's error;
 *   4. hands openapi-fetch its request, with this call's own `fetch` (`sendTries`): openapi-fetch
 *      builds the `Request` with the package's serializers, runs the middleware added with
 *      `fetchClient.use`, calls `sendTries`, runs `onResponse` (or `onError`) and reads the body;
 *   5. in `sendTries`, for each try: takes the token, sends with the stop's signal, and on a
 *      retryable failure backs off and tries again;
 *   6. turns the answer openapi-fetch read into the outcome: a non-2xx is an `ApiError` (its
 *      body redacted of the token), a 2xx not JSON an `InvalidResponseError`, one that breaks its
 *      schema a `ResponseValidationError`;
 *   7. releases its stop, once, whichever way it ended.
 *
 * Why this seam: openapi-fetch takes a `fetch` per request and runs the client's middleware around
 * it, so the middleware sees every call of every surface and its final answer, whatever its status,
 * as openapi-fetch documents; the answer becomes an outcome only after the middleware had it. The
 * call's state lives in `run`'s closure, made once per call, and nothing rides on the `Request` or
 * the `Response`. Retries happen inside the `fetch`: like a browser's own redirects, the
 * middleware sees one request and the answer it finally got.
 */
import createClient, { type Client } from "openapi-fetch";
import { requestRules } from "../../generated/operations.js";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { BEARER_TOKEN, bearerCredentials } from "../http/bearer-token.ts";
import { serializePath, serializeQuery } from "../http/request-url.ts";
import { checkValue } from "../request-checks/check-value.ts";
import { ORGANIZATION_ID, resolveCallOptions, type CallSettings } from "./call-options.ts";
import type { BoundPaths } from "./caller-paths.ts";
import type { ClientSettings, FetchFunction } from "./client-options.ts";
import {
  AbortError,
  ApiError,
  InvalidResponseError,
  NetworkError,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
  TokenError,
} from "./errors.ts";
import { redactBody, tokenRedactor } from "./redact.ts";
import { refuseDotSegment } from "./refuse-dot-segment.ts";
import { retryDelay } from "./retry.ts";

const REQUESTER = "Requester-Organization-ID";
const TARGET = "Target-Organization-ID";

/** What a call was given for the request itself. */
export interface CallInput {
  path?: Readonly<Record<string, unknown>> | undefined;
  query?: unknown;
  /** Present when the call sends a body. */
  body?: { value: unknown } | undefined;
}

/** A call's outcome: the data of a 2xx, or the `ApiError` of any other status; always the answer it came in. */
type Outcome = { data: unknown; error?: undefined; response: Response } | { data?: undefined; error: ApiError; response: Response };

/**
 * What a call settles with, per surface: `data` (the methods, a page of `paginate`) resolves with
 * the data and rejects with the `ApiError`; `outcome` (`raw`) resolves with either; `result`
 * (`fetchClient`) resolves with openapi-fetch's `{ data, response }` and rejects with the `ApiError`.
 */
export type SettleAs = "data" | "outcome" | "result";

/** openapi-fetch's options of one request, as far as a call sets or reads them. */
interface OpenapiFetchInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  body?: unknown;
  headers?: unknown;
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
  signal?: AbortSignal | null;
  [key: string]: unknown;
}

export interface Caller {
  /** The openapi-fetch client every surface runs on; middleware added with its `use` sees every call. */
  fetchClient: Client<BoundPaths>;
  /** A method's call of an operation, with the method's own options (unchecked: they are checked here). */
  call(operation: OperationId, input: CallInput, options: unknown, settleAs: SettleAs): Promise<unknown>;
}

/** `METHOD template` → operation, for `fetchClient`'s calls, which name a route rather than an operation. */
const operationsByRoute = new Map<string, OperationId>(
  (Object.keys(requestRules) as OperationId[]).map((id) => [`${requestRules[id].method} ${requestRules[id].template}`, id]),
);

/** The input's issues against the spec's own constraints; unknown query and body keys are typos, so they are issues too. */
function inputIssues(operation: OperationId, input: CallInput, target: unknown): ErrorDetail[] {
  const rules = requestRules[operation];
  const issues: ErrorDetail[] = [];
  if (rules.parameters.path) checkValue(rules.parameters.path, input.path ?? {}, ["path"], issues);
  if (rules.parameters.query) checkValue(rules.parameters.query, input.query ?? {}, ["query"], issues, input.query ?? {}, true);
  if (rules.body) {
    if (input.body === undefined) issues.push({ loc: ["body"], msg: "Field required", type: "missing", input: null });
    else checkValue(rules.body.schema, input.body.value, ["body"], issues, input.body.value, true);
  }
  if (target !== undefined) checkValue(ORGANIZATION_ID, target, ["header", TARGET], issues);
  return issues;
}

/** Gets a token function's token for one try; it is only ever placed in the `Authorization` header. */
async function tokenOf(source: () => string | Promise<string>, operation: OperationId | undefined): Promise<string> {
  let token: unknown;
  try {
    token = await source();
  } catch (error) {
    throw new TokenError(operation, "the token function threw; see `cause`", error);
  }
  if (typeof token !== "string" || !BEARER_TOKEN.test(token)) throw new TokenError(operation, `the token (a ${typeof token}) is not a valid bearer token`);
  return token;
}

/** A 2xx body as data: no content is no data, as openapi-fetch reads it; anything else must be JSON. */
function successData(operation: OperationId | undefined, response: Response, text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (!/[/+]json\b/i.test(type)) throw new InvalidResponseError(operation as OperationId, response.status, `has content-type "${type}", not JSON`);
  try {
    return JSON.parse(text);
  } catch (error) {
    // Not the parser's message: it quotes the body, which may hold anything, the token included.
    throw new InvalidResponseError(operation as OperationId, response.status, `is not valid JSON (${text.length} characters, ${(error as Error).name})`);
  }
}

/**
 * The answer, its body held to `maxBytes`: a server's answer is untrusted, and read whole. One that
 * declares a longer body is refused before it is read; one that declares no length (chunked), or
 * whose length is that of an encoding `fetch` undoes (gzip: a small body can unpack to any size),
 * is read through a counter that fails the read past the limit. Either way the call fails with an
 * `InvalidResponseError` and the connection is released. A plain answer that declares a length
 * within the limit is left as it is: the transport holds it to its declared length.
 */
function withinBytes(response: Response, maxBytes: number, operation: OperationId | undefined): Response {
  const encoding = response.headers.get("content-encoding");
  const declared = encoding === null || encoding === "identity" ? response.headers.get("content-length") : null;
  const tooLong = () => new InvalidResponseError(operation as OperationId, response.status, `is longer than maxResponseBytes (${maxBytes})`);
  if (declared !== null && Number(declared) > maxBytes) {
    response.body?.cancel().catch(() => undefined);
    throw tooLong();
  }
  if (declared !== null || response.body === null) return response;
  let read = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, stream) {
        read += chunk.byteLength;
        if (read > maxBytes) stream.error(tooLong());
        else stream.enqueue(chunk);
      },
    }),
  );
  const answer = new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  // The same answer to a middleware: a `Response` made here has no `url` of its own.
  return Object.defineProperty(answer, "url", { value: response.url });
}

/** The data of a `fetchClient` call in the form its `parseAs` asks for, made from the text the call read once. */
function asParsed(parseAs: OpenapiFetchInit["parseAs"], text: string | undefined, data: unknown, response: Response): unknown {
  if (parseAs === undefined || parseAs === "json" || text === undefined) return data;
  if (parseAs === "text") return text;
  if (parseAs === "blob") return new Blob([text], { type: response.headers.get("content-type") ?? "" });
  if (parseAs === "arrayBuffer") return new TextEncoder().encode(text).buffer;
  return new Response(text).body;
}

export function createCaller(settings: ClientSettings): Caller {
  const openapiFetch = createClient<BoundPaths>({
    baseUrl: settings.baseUrl,
    // The requester acts on itself unless a call names a target.
    headers: { ...settings.headers, [REQUESTER]: settings.requester, [TARGET]: settings.requester },
    // The package's serializers: a value can never change which URL is called (src/http/request-url.ts).
    // openapi-fetch hands the path serializer the whole URL, base included; it fills the template in place.
    pathSerializer: (url, path) => serializePath(url, path, refuseDotSegment),
    querySerializer: (query) => serializeQuery(query as Record<string, unknown>),
  });

  // What a call without options runs with: the client's settings.
  const withoutOptions: CallSettings = resolveCallOptions(undefined, undefined, settings);

  function run(
    operation: OperationId | undefined,
    method: string,
    template: string,
    init: OpenapiFetchInit,
    input: CallInput,
    call: CallSettings,
    settleAs: SettleAs,
  ): Promise<unknown> {
    // 2. The input, before anything is sent.
    if (call.validateRequests && operation !== undefined) {
      const issues = inputIssues(operation, input, call.target);
      if (issues.length > 0) return Promise.reject(new RequestValidationError(operation, issues));
    }
    const retry = method === "GET" && call.retry;
    const { signal, timeoutMs } = call;

    return new Promise<unknown>((resolve, reject) => {
      // 3. The stop. `stopped` is why the call ended early; `wake` ends a back-off wait at once.
      let stopped: AbortError | TimeoutError | undefined;
      let wake: (() => void) | undefined;
      let settled = false;
      const controller = timeoutMs === false && !signal ? undefined : new AbortController();
      const release = (): void => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const stop = (reason: AbortError | TimeoutError): void => {
        if (settled || stopped) return;
        stopped = reason;
        release();
        // Aborting the try in flight releases its connection; one left running would hold it until the server gave up.
        controller?.abort(reason);
        wake?.();
        reject(reason);
      };
      // An object listener, so that what is listening on a caller's signal is recognisably the call's.
      const onAbort = { handleEvent: () => stop(new AbortError(operation as OperationId, signal?.reason)) };
      const timer = timeoutMs === false ? undefined : setTimeout(() => stop(new TimeoutError(operation as OperationId, timeoutMs)), timeoutMs);
      // In Node, a waiting timer alone must not keep the process alive; the request it guards does.
      (timer as { unref?: () => void } | undefined)?.unref?.();
      signal?.addEventListener("abort", onAbort);
      // A signal that fired already stops the call before anything is built or sent.
      if (signal?.aborted) return onAbort.handleEvent();

      /** Ends a wait between tries, or at once when the call stops. */
      const backOff = (ms: number): Promise<void> =>
        new Promise((done) => {
          const waiting = setTimeout(done, ms);
          wake = () => {
            clearTimeout(waiting);
            done();
          };
        });

      // What the call put in the `Authorization` header last.
      let authorization: string | undefined;
      // The token the answer may echo, to redact from its error.
      let sentToken = "";

      // The request was sent: the token leaves it again, so that a middleware's `onResponse` or
      // `onError` (a logger) never sees it. A caller's own `Authorization` stays.
      const forgetToken = (request: Request): void => {
        if (request.headers.get("authorization") === authorization) request.headers.delete("authorization");
      };

      // 5. Every try of this call; openapi-fetch calls it as the request's `fetch` (a middleware may call it again).
      const sendTries = async (request: Request): Promise<Response> => {
        for (let attempt = 0; ; attempt++) {
          if (stopped) throw stopped;
          // A caller's own `Authorization` (a middleware's, openapi-fetch's auth recipe) is sent as it is.
          if (!request.headers.has("authorization")) {
            sentToken = typeof settings.token === "string" ? settings.token : await tokenOf(settings.token, operation);
            authorization = `Bearer ${sentToken}`;
            request.headers.set("authorization", authorization);
          } else sentToken = bearerCredentials(request.headers.get("authorization")) ?? "";
          const canRetry = retry !== false && attempt < retry.limit;
          let response: Response;
          try {
            // The stop's signal goes with each try, so that a stop aborts it.
            response = await (call.fetch ?? settings.fetch)(request, controller && { signal: controller.signal });
          } catch (error) {
            forgetToken(request);
            if (stopped) throw stopped;
            if (!canRetry) throw new NetworkError(operation as OperationId, error);
            await backOff(retryDelay(retry, attempt, null) as number);
            continue;
          }
          forgetToken(request);
          if (stopped) {
            // Too late: its connection goes back at once, unread.
            response.body?.cancel().catch(() => undefined);
            throw stopped;
          }
          if (canRetry && retry.statuses.includes(response.status)) {
            const delay = retryDelay(retry, attempt, response.headers.get("retry-after"));
            if (delay !== undefined) {
              response.body?.cancel().catch(() => undefined);
              await backOff(delay);
              continue;
            }
          }
          return withinBytes(response, settings.maxResponseBytes, operation);
        }
      };

      // 4. openapi-fetch: the request, the middleware, the body read as text; then 6, the outcome.
      openapiFetch
        .request(method as never, template as never, { ...init, parseAs: "text", fetch: sendTries } as never)
        .then(({ data, error, response }: { data?: string; error?: unknown; response: Response }): Outcome => {
          if (!response.ok) {
            const redact = tokenRedactor(sentToken);
            // No content, or a body openapi-fetch could not parse as JSON and kept as (empty) text.
            const body = redactBody(error === "" ? undefined : error, redact);
            // A non-2xx is always an ApiError; a body that breaks the declared error schema is recorded on it.
            const violation = operation && settings.validateResponse?.(operation, response.status, body);
            const echoedId = response.headers.get("x-request-id") ?? response.headers.get("request-id");
            const apiError = new ApiError(
              operation as OperationId,
              response.status,
              body,
              echoedId === null ? undefined : redact(echoedId),
              violation || undefined,
            );
            return { error: apiError, response };
          }
          const parsed = successData(operation, response, data);
          const issue = operation && settings.validateResponse?.(operation, response.status, parsed);
          if (issue) throw new ResponseValidationError(operation as OperationId, response.status, issue.path, issue.message);
          return { data: asParsed(init.parseAs, data, parsed, response), response };
        })
        .then(
          (outcome: Outcome) => {
            // 7. Released once: here, or by the stop.
            if (settled) return;
            release();
            if (settleAs === "outcome") resolve(outcome);
            else if (outcome.error) reject(outcome.error);
            else resolve(settleAs === "data" ? outcome.data : outcome);
          },
          (error: unknown) => {
            if (settled) return;
            release();
            // A path value refused by the serializer is found before the operation is known to it.
            reject(
              error instanceof RequestValidationError && error.operation === undefined && operation
                ? new RequestValidationError(operation, error.issues)
                : error,
            );
          },
        );
    });
  }

  /** A `fetchClient` call: its route names the operation, and its `init` carries the input and the signal. */
  const fetchClientCall = (method: string, url: string, given: OpenapiFetchInit | undefined): Promise<{ data?: unknown; response: Response }> => {
    const verb = method.toUpperCase();
    const operation = operationsByRoute.get(`${verb} ${url}`);
    // A `fetch` of the request's own (openapi-fetch takes one per request) is the transport of its tries.
    const { signal, fetch, ...init } = given ?? {};
    const params = init.params;
    const input: CallInput = { path: params?.path, query: params?.query, ...("body" in init && { body: { value: init.body } }) };
    const call: CallSettings = { ...withoutOptions, target: params?.header?.[TARGET], signal: signal ?? undefined, fetch: fetch as FetchFunction | undefined };
    // Like every surface, it never resolves with `{ error }`: a failed call rejects with the package's error.
    return run(operation, verb, url, init, input, call, "result") as Promise<{ data?: unknown; response: Response }>;
  };
  const fetchClient = { ...openapiFetch } as Client<BoundPaths>;
  for (const verb of ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const) {
    (fetchClient as unknown as Record<string, unknown>)[verb] = (url: string, init?: OpenapiFetchInit) => fetchClientCall(verb, url, init);
  }
  fetchClient.request = ((method: string, url: string, init?: OpenapiFetchInit) => fetchClientCall(method, url, init)) as never;

  return {
    fetchClient,
    call(operation, input, options, settleAs) {
      let call: CallSettings = withoutOptions;
      try {
        // 1. The call's options, over the client's.
        if (options !== undefined) call = resolveCallOptions(operation, options, settings);
      } catch (error) {
        return Promise.reject(error);
      }
      const { method, template } = requestRules[operation];
      const init: OpenapiFetchInit = {
        params: {
          path: input.path as Record<string, unknown>,
          query: input.query as Record<string, unknown>,
          ...(call.target !== undefined && { header: { [TARGET]: call.target } }),
        },
        ...(input.body && { body: input.body.value }),
        // The client's own extra headers are openapi-fetch's; a call's come in merged over them.
        ...(call.headers !== settings.headers && { headers: call.headers }),
      };
      return run(operation, method, template, init, input, call, settleAs);
    },
  };
}
