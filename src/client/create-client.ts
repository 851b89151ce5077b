/**
 * `createMyCreditAppClient`: one method per operation of the spec, with the credentials bound
 * once, errors thrown as typed errors (or returned, with `raw`), `paginate` / `collectAll` for
 * every list, and `fetchClient`, the openapi-fetch client they all run on (engine.ts). The methods
 * come from the generated operation table at run time and are mapped from the generated
 * `OperationArguments` at type level, so an operation in the spec without a method cannot exist;
 * each maps its arguments onto one openapi-fetch call (method, path template, parameters, body).
 * The hand-written conveniences (`archiveGuestConnection`, …) sit on top.
 */
import { pageOperations, requestRules, type OperationArguments, type PageOperationId } from "../../generated/operations.js";
import type { GuestConnection, OperationId } from "../../generated/types.js";
import type { SuccessBody } from "../http/bodies.ts";
import type { BoundFetchClient } from "./caller-paths.ts";
import { CALL_STATE, createEngine, type Engine } from "./engine.ts";
import { ApiError, RequestValidationError, type OperationError } from "./errors.ts";
import { argumentReader, type CallInput } from "./operation-arguments.ts";
import { checkOptions, resolveSettings, type CallOptions, type ClientOptions, type Settings } from "./options.ts";
import { collectAll, paginate, type PageQuery } from "./paginate.ts";
import { callStop, type CallStop } from "./call-stop.ts";
import { TARGET, type CallState } from "./send.ts";

export type { SuccessBody } from "../http/bodies.ts";

/** A call's outcome without throwing on an error status: `error` is typed per status. */
export type RawResult<O extends OperationId> =
  { data: SuccessBody<O>; error?: undefined; response: Response } | { data?: undefined; error: OperationError<O>; response: Response };

export type CollectOptions = CallOptions & {
  /** Most items to collect; more throws `TooManyItemsError`. Default 1000. */
  maxItems?: number;
};

/** The item type of a list operation's page. */
type ItemOf<O extends OperationId> = SuccessBody<O> extends { items: readonly (infer T)[] } ? T : never;

/** A list's arguments for a page walk: the query without the `limit` and `offset` it manages. */
type PageArguments<A> = A extends [...infer P, infer Q] ? [...P, query: PageQuery<Q>] : never;

// Mapped over the interfaces' own keys, so each method keeps the operation's JSDoc (summary and
// description) in editors; the signatures are written out (`(...args: [...A, options?]) => R`) so
// that editors show them expanded.
type PageArgumentTable = Pick<OperationArguments, PageOperationId>;

/** One method per operation: resolves with the success body, rejects with an `ApiError` on an error status. */
export type OperationMethods = { [O in keyof OperationArguments]: (...args: [...OperationArguments[O], options?: CallOptions]) => Promise<SuccessBody<O>> };
/** The same methods, resolving with `{ data, error, response }` instead of rejecting on an error status. */
export type RawMethods = { [O in keyof OperationArguments]: (...args: [...OperationArguments[O], options?: CallOptions]) => Promise<RawResult<O>> };
/** Async iterators over every item of a list, page by page (`limit` is the page size). */
export type PaginateMethods = {
  [O in keyof PageArgumentTable]: (...args: [...PageArguments<PageArgumentTable[O]>, options?: CallOptions]) => AsyncGenerator<ItemOf<O>, void, undefined>;
};
/** Every item of a list in one array, up to `maxItems`. */
export type CollectAllMethods = {
  [O in keyof PageArgumentTable]: (...args: [...PageArguments<PageArgumentTable[O]>, options?: CollectOptions]) => Promise<ItemOf<O>[]>;
};

export interface MyCreditAppClient extends OperationMethods {
  /** `patchGuestConnection(guestOrgId, { archived: true })`. */
  archiveGuestConnection(guestOrgId: string, options?: CallOptions): Promise<GuestConnection>;
  /** `patchGuestConnection(guestOrgId, { archived: false })`. */
  unarchiveGuestConnection(guestOrgId: string, options?: CallOptions): Promise<GuestConnection>;
  paginate: PaginateMethods;
  collectAll: CollectAllMethods;
  raw: RawMethods;
  /**
   * The openapi-fetch client every method runs on, with the credentials bound (its types do not ask
   * for the organization headers) and every feature of the methods: checks, retries, time-out and
   * typed errors. For openapi-react-query, SWR and any openapi-fetch code. Unlike plain
   * openapi-fetch it never resolves with `{ error }`: a failed call rejects with the package's error.
   */
  fetchClient: BoundFetchClient;
}

/**
 * One call of an operation through the engine: resolves with its data, or with the data and the
 * answer when `withResponse` (for `raw`); one promise layer over openapi-fetch's either way.
 */
type Call = (operation: OperationId, input: CallInput, options: CallOptions | undefined, withResponse?: boolean) => Promise<unknown>;

/**
 * A failed call's error: an input error found before the operation was known to the check gets its
 * name. The call's stop, if it has one, ends: a request that failed before it was sent never reached
 * the engine's `fetch`, which would have ended it.
 */
const named = (operation: OperationId, stop?: CallStop) => (error: unknown) => {
  stop?.release();
  throw error instanceof RequestValidationError && error.operation === undefined ? new RequestValidationError(operation, error.issues) : error;
};

function caller(engine: Engine, settings: Settings): Call {
  const request = engine.client.request as unknown as (method: string, url: string, init: object) => Promise<{ response: Response }>;
  return (operation, input, options, withResponse) => {
    let headers: Record<string, string> | undefined;
    try {
      headers = checkOptions(options);
      // A call's own `validateRequests` wins over the client's.
      if (options?.validateRequests ?? settings.validateRequests)
        engine.checkInput(operation, input.path, input.query, requestRules[operation].body && input.body !== undefined ? { value: input.body } : undefined);
    } catch (error) {
      return Promise.reject(error).catch(named(operation));
    }
    const { method, template } = requestRules[operation];
    const target = options?.targetOrganizationId;
    const stop = callStop(settings, operation, options?.timeoutMs, options?.signal);
    const state: CallState = { operation, options: options ?? {}, method: true, stop };
    const init = {
      params: { path: input.path, query: input.query, ...(target !== undefined && { header: { [TARGET]: target } }) },
      body: input.body,
      // The engine parses a method's answer once; openapi-fetch leaves the body alone.
      parseAs: "stream",
      [CALL_STATE]: state,
      ...(headers && { headers }),
    };
    return request(method, template, init).then(
      ({ response }) => {
        // Ended already by the engine's `fetch`, unless a caller's middleware made the request anew.
        stop?.release();
        return withResponse ? { data: state.data, response } : state.data;
      },
      named(operation, stop),
    );
  };
}

/** One function per operation of the table, each reading its arguments and making the call. */
function methodTable(
  run: (operation: OperationId, input: CallInput, options: CallOptions | undefined) => unknown,
): Record<string, (...args: unknown[]) => unknown> {
  const table: Record<string, (...args: unknown[]) => unknown> = {};
  for (const operation of Object.keys(requestRules) as OperationId[]) {
    const read = argumentReader(operation);
    table[operation] = (...args) => {
      const { input, options } = read(args);
      return run(operation, input, options);
    };
  }
  return table;
}

/** `paginate` or `collectAll` for every list: the walk calls the operation with each page's query. */
function pageTable(call: Call, walk: typeof paginate | typeof collectAll): Record<string, (...args: unknown[]) => unknown> {
  const table: Record<string, (...args: unknown[]) => unknown> = {};
  for (const operation of pageOperations) {
    const read = argumentReader(operation);
    table[operation] = (...args) => {
      const { input, options } = read(args);
      const onePage = (query: unknown, pageOptions?: CallOptions) => call(operation, { ...input, query }, pageOptions) as never;
      return walk(operation, onePage, input.query as PageQuery<{ limit: number; offset: number }>, options);
    };
  }
  return table;
}

export function createMyCreditAppClient(options: ClientOptions): MyCreditAppClient {
  const settings = resolveSettings(options);
  const engine = createEngine(settings);
  const call = caller(engine, settings);
  const methods = methodTable(call) as unknown as OperationMethods;
  const raw = methodTable((operation, input, callOptions) =>
    call(operation, input, callOptions, true).catch((error: unknown) => {
      const response = error instanceof ApiError ? engine.answerOf(error) : undefined;
      if (response) return { error, response };
      throw error;
    }),
  );
  return {
    ...methods,
    archiveGuestConnection: (guestOrgId, callOptions) => methods.patchGuestConnection(guestOrgId, { archived: true }, callOptions),
    unarchiveGuestConnection: (guestOrgId, callOptions) => methods.patchGuestConnection(guestOrgId, { archived: false }, callOptions),
    paginate: pageTable(call, paginate) as unknown as PaginateMethods,
    collectAll: pageTable(call, collectAll) as unknown as CollectAllMethods,
    raw: raw as unknown as RawMethods,
    fetchClient: engine.fetchClient,
  };
}
