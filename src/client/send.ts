/**
 * The `fetch` the client's openapi-fetch instance is given: every try of every call, from any
 * surface (the methods, `raw`, `fetchClient`, openapi-react-query), goes through here. Per try it
 * sets the token (resolved for each try; the organization headers come with the request, from the
 * client's headers or the call's), retries idempotent GETs, enforces the time-out over the whole call, and turns
 * a failure to get an answer into the package's own error. The answer's body is read here, within
 * the time-out, and judged by the engine (engine.ts) before openapi-fetch sees it.
 */
import type { OperationId } from "../../generated/types.js";
import { callStop, type CallStop } from "./call-stop.ts";
import { NetworkError, TokenError } from "./errors.ts";
import { mergeRetry, type CallOptions, type RetryPolicy, type Settings } from "./options.ts";
import { retryDelay, sleep } from "./retry.ts";
import { BEARER_TOKEN } from "../bearer-token.ts";

export const REQUESTER = "Requester-Organization-ID";
export const TARGET = "Target-Organization-ID";

/** What the engine knows of one call: set by the method that made it, or by the check middleware. */
export interface CallState {
  operation: OperationId | undefined;
  options: CallOptions;
  /** Set for a method's call, whose answer the engine parses itself (openapi-fetch leaves it alone). */
  method?: boolean;
  /** A method's parsed 2xx body, put here by the engine for the method to read. */
  data?: unknown;
  /** What can stop the call early: made with the call, its signal sent with each try. */
  stop?: CallStop | undefined;
}

/** Judges an answer whose body was read: returns it (or one openapi-fetch can read again), or throws the package's error. */
export type Judge = (state: CallState, response: Response, text: string, token: string) => Response;

/** Gets a token function's token for one try; it is only ever placed in the `Authorization` header. */
export async function resolveToken(source: () => string | Promise<string>, operation: OperationId | undefined): Promise<string> {
  let token: unknown;
  try {
    token = await source();
  } catch (error) {
    throw new TokenError(operation, "the token function threw; see `cause`", error);
  }
  if (typeof token !== "string" || !BEARER_TOKEN.test(token)) {
    throw new TokenError(operation, `the token (a ${typeof token}) is not a valid bearer token`);
  }
  return token;
}

/**
 * The call of a request that a caller's middleware made anew, so that it lost the call it was made
 * for: the client's time-out, following the request's own signal.
 */
export const lostCall = (settings: Settings, operation: OperationId | undefined, request: Request): CallState => ({
  operation,
  options: {},
  stop: callStop(settings, operation as OperationId, undefined, request.signal),
});

/**
 * The engine's `fetch`: `state` gives a request's call, `judge` turns the answer, its body read,
 * into what openapi-fetch gets or the error it rejects with. Not `async` where it can be avoided:
 * every promise layer costs each call.
 */
export function createTries(settings: Settings, state: (request: Request) => CallState | undefined, judge: Judge): (request: Request) => Promise<Response> {
  const transport = settings.fetch ?? ((request: Request, init?: RequestInit) => fetch(request, init));
  return (request) => {
    const call = state(request) ?? lostCall(settings, undefined, request);
    const { stop } = call;
    const retry = request.method === "GET" && mergeRetry(call.options.retry, settings.retry);
    // Nothing can stop this call early: no bookkeeping.
    if (!stop) return tries(settings, transport, request, call, retry, judge);
    return new Promise<Response>((resolve, reject) => {
      stop.reject = reject;
      tries(settings, transport, request, call, retry, judge, stop).then(resolve, reject);
    });
  };
}

/** Sends the request, and again after a retryable failure, until an answer, the retry limit or a stop. */
async function tries(
  settings: Settings,
  transport: (request: Request, init?: RequestInit) => Promise<Response>,
  request: Request,
  call: CallState,
  retry: RetryPolicy | false,
  judge: Judge,
  stop?: CallStop,
): Promise<Response> {
  const operation = call.operation as OperationId;
  // The organization headers came with the request (engine.ts); a caller's own may have replaced them.
  const { headers } = request;
  try {
    for (let attempt = 0; ; attempt++) {
      // A stopped call sends nothing more: not from here, nor later, as a fetch given an aborted signal sends nothing.
      if (stop?.reason) throw stop.reason;
      // A fixed token was checked when the client was created, and needs no await.
      const source = settings.token;
      const token = typeof source === "string" ? source : await resolveToken(source, operation);
      const authorization = `Bearer ${token}`;
      // A fixed token came with the request; only a caller's own header or a token function changes it.
      if (headers.get("Authorization") !== authorization) headers.set("Authorization", authorization);
      const canRetry = retry !== false && attempt < retry.limit;
      let response: Response;
      let text: string;
      try {
        // The stop's signal goes with the request, so that a stop aborts it (see call-stop.ts).
        response = await transport(request, stop && { signal: stop.controller.signal });
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
      return judge(call, response, text, token);
    }
  } finally {
    stop?.release();
  }
}
