/**
 * `createMyCreditAppClient`: one method per operation of the spec, with the credentials bound
 * once, errors thrown as typed errors (or returned, with `raw`), and `paginate` / `collectAll` for
 * every list. The methods come from the generated operation table at run time and are mapped from
 * the generated `OperationArguments` at type level, so an operation in the spec without a method
 * cannot exist; the hand-written conveniences (`archiveGuestConnection`, …) sit on top.
 */
import { pageOperations, requestRules, type OperationArguments, type OperationSuccessStatus, type PageOperationId } from "../../generated/operations.js";
import type { GuestConnection, OperationId, operations } from "../../generated/types.js";
import type { OperationError } from "./errors.ts";
import { argumentReader } from "./operation-arguments.ts";
import { resolveSettings, type CallOptions, type ClientOptions, type Settings } from "./options.ts";
import { collectAll, paginate, type PageQuery } from "./paginate.ts";
import { call, send } from "./send.ts";

/** The body of an operation's success response (`undefined` for one without content). */
export type SuccessBody<O extends OperationId> = operations[O]["responses"][OperationSuccessStatus[O]] extends { content: { "application/json": infer B } }
  ? B
  : undefined;

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
}

type Run = typeof call | typeof send;

/** One function per operation of the table, each reading its arguments and running the call. */
function methodTable(settings: Settings, run: Run): Record<string, (...args: unknown[]) => unknown> {
  const table: Record<string, (...args: unknown[]) => unknown> = {};
  for (const operation of Object.keys(requestRules) as OperationId[]) {
    const read = argumentReader(operation);
    table[operation] = (...args) => {
      const { input, options } = read(args);
      return run(settings, operation, input, options);
    };
  }
  return table;
}

/** `paginate` or `collectAll` for every list: the walk calls the operation with each page's query. */
function pageTable(settings: Settings, walk: typeof paginate | typeof collectAll): Record<string, (...args: unknown[]) => unknown> {
  const table: Record<string, (...args: unknown[]) => unknown> = {};
  for (const operation of pageOperations) {
    const read = argumentReader(operation);
    table[operation] = (...args) => {
      const { input, options } = read(args);
      const onePage = (query: unknown, pageOptions?: CallOptions) => call(settings, operation, { ...input, query }, pageOptions) as never;
      return walk(operation, onePage, input.query as PageQuery<{ limit: number; offset: number }>, options);
    };
  }
  return table;
}

export function createMyCreditAppClient(options: ClientOptions): MyCreditAppClient {
  const settings = resolveSettings(options);
  const methods = methodTable(settings, call) as unknown as OperationMethods;
  return {
    ...methods,
    archiveGuestConnection: (guestOrgId, callOptions) => methods.patchGuestConnection(guestOrgId, { archived: true }, callOptions),
    unarchiveGuestConnection: (guestOrgId, callOptions) => methods.patchGuestConnection(guestOrgId, { archived: false }, callOptions),
    paginate: pageTable(settings, paginate) as unknown as PaginateMethods,
    collectAll: pageTable(settings, collectAll) as unknown as CollectAllMethods,
    raw: methodTable(settings, send) as unknown as RawMethods,
  };
}
