/**
 * Reads a method's positional arguments in the order `OperationArguments` (generated/operations.d.ts)
 * declares them: path parameters in template order, then the query when the operation has query
 * parameters, then the body when it has one; the call's options come last. The generator and
 * this reader follow the same rule, from the same operation table.
 */
import { requestRules } from "../../generated/operations.js";
import type { OperationId } from "../../generated/types.js";
import type { CallOptions } from "./options.ts";
import { pathParameterNames } from "./request-url.ts";
import type { CallInput } from "./send.ts";

export function readArguments(operation: OperationId, args: readonly unknown[]): { input: CallInput; options: CallOptions | undefined } {
  const rules = requestRules[operation];
  const names = pathParameterNames(rules.template);
  const input: CallInput = {};
  let index = 0;
  if (names.length > 0) {
    const path: Record<string, unknown> = {};
    for (const name of names) path[name] = args[index++];
    input.path = path;
  }
  if (rules.parameters.query) input.query = args[index++];
  if (rules.body) input.body = args[index++];
  return { input, options: args[index] as CallOptions | undefined };
}
