/**
 * `createMyCreditAppClient`: one method per operation of the spec, with the credentials bound
 * once, errors thrown as typed errors (or returned, with `raw`), `paginate` / `collectAll` for
 * every list, and `fetchClient`, the openapi-fetch client they all run on. The methods come from
 * the generated operation table at run time and are mapped from the generated `OperationArguments`
 * at type level, so an operation in the spec without a method cannot exist; each reads its
 * positional arguments and makes one call (call.ts, where a call's whole life is). The
 * hand-written conveniences (`archiveGuestConnection`, …) sit on top.
 */
import { pageOperations, requestRules, type OperationArguments, type PageOperationId } from "../../generated/operations.js";
import type { GuestConnection, OperationId } from "../../generated/types.js";
import type { SuccessBody } from "../http/bodies.ts";
import { pathParameterNames } from "../spec/path-template.ts";
import { createCaller, type CallInput, type SettleAs } from "./call.ts";
import type { CallOptions } from "./call-options.ts";
import type { BoundFetchClient } from "./caller-paths.ts";
import { resolveClientOptions, type ClientOptions } from "./client-options.ts";
import type { OperationError } from "./errors.ts";
import { collectAll, paginate, type PageQuery } from "./paginate.ts";

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
   * Middleware added with its `use` runs for every call of every surface and sees every answer.
   */
  fetchClient: BoundFetchClient;
}

/** One call of an operation, settling as its surface does. */
type Call = (operation: OperationId, input: CallInput, options: unknown, settleAs: SettleAs) => Promise<unknown>;

/**
 * Reads a method's positional arguments in the order `OperationArguments` (generated/operations.d.ts)
 * declares them: path parameters in template order, then the query when the operation has query
 * parameters, then the body when it has one; the call's options come last. The generator and this
 * reader follow the same rule, from the same operation table; the layout is worked out once.
 */
function argumentReader(operation: OperationId): (args: readonly unknown[]) => { input: CallInput; options: unknown } {
  const rules = requestRules[operation];
  const names = pathParameterNames(rules.template);
  const hasQuery = rules.parameters.query !== undefined;
  const hasBody = rules.body !== undefined;
  return (args) => {
    const input: CallInput = {};
    let index = 0;
    if (names.length > 0) {
      const path: Record<string, unknown> = {};
      for (const name of names) path[name] = args[index++];
      input.path = path;
    }
    if (hasQuery) input.query = args[index++];
    if (hasBody) {
      const body = args[index++];
      // A body left out is missing, which the input check says.
      if (body !== undefined) input.body = { value: body };
    }
    return { input, options: args[index] };
  };
}

/** One function per operation of the table, each reading its arguments and making the call. */
function methodTable(call: Call, settleAs: SettleAs): Record<string, (...args: unknown[]) => unknown> {
  const table: Record<string, (...args: unknown[]) => unknown> = {};
  for (const operation of Object.keys(requestRules) as OperationId[]) {
    const read = argumentReader(operation);
    table[operation] = (...args) => {
      const { input, options } = read(args);
      return call(operation, input, options, settleAs);
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
      const onePage = (query: unknown, pageOptions?: CallOptions) => call(operation, { ...input, query }, pageOptions, "data") as never;
      return walk(operation, onePage, input.query as PageQuery<{ limit: number; offset: number }>, options as CallOptions | undefined);
    };
  }
  return table;
}

export function createMyCreditAppClient(options: ClientOptions): MyCreditAppClient {
  const { call, fetchClient } = createCaller(resolveClientOptions(options));
  const methods = methodTable(call, "data") as unknown as OperationMethods;
  return {
    ...methods,
    archiveGuestConnection: (guestOrgId, callOptions) => methods.patchGuestConnection(guestOrgId, { archived: true }, callOptions),
    unarchiveGuestConnection: (guestOrgId, callOptions) => methods.patchGuestConnection(guestOrgId, { archived: false }, callOptions),
    paginate: pageTable(call, paginate) as unknown as PaginateMethods,
    collectAll: pageTable(call, collectAll) as unknown as CollectAllMethods,
    // The outcome as it is: `{ data, response }`, or `{ error, response }` for a non-2xx.
    raw: methodTable(call, "outcome") as unknown as RawMethods,
    fetchClient,
  };
}
