/**
 * Reads a method's positional arguments in the order `OperationArguments` (generated/operations.d.ts)
 * declares them: path parameters in template order, then the query when the operation has query
 * parameters, then the body when it has one; the call's options come last. The generator and
 * this reader follow the same rule, from the same operation table.
 */
import { requestRules } from "../../generated/operations.js";
import type { OperationId } from "../../generated/types.js";
import type { CallOptions } from "./options.ts";
import { pathParameterNames } from "../spec/path-template.ts";
/** What a method was given for the request itself. */
export interface CallInput {
  path?: Readonly<Record<string, unknown>>;
  query?: unknown;
  body?: unknown;
}

export type ArgumentReader = (args: readonly unknown[]) => { input: CallInput; options: CallOptions | undefined };

/** The reader of one operation's arguments, its layout worked out once (it runs on every call). */
export function argumentReader(operation: OperationId): ArgumentReader {
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
    if (hasBody) input.body = args[index++];
    return { input, options: args[index] as CallOptions | undefined };
  };
}
