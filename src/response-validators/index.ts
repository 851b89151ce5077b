/**
 * `@mycreditapp/api-contract/validators`: opt-in runtime validation of responses against the spec,
 * with validators compiled ahead of time by `npm run generate` (nothing is compiled at run time).
 * A separate entry, so clients that do not validate do not ship the validators.
 *
 * ```ts
 * import { validateResponse } from "@mycreditapp/api-contract/validators";
 * const api = createMyCreditAppClient({ token, requesterOrganizationId, validateResponse });
 * ```
 * Offset-less timestamps and enum values the spec does not list yet are accepted (see the spec's
 * notes on timestamps and enum growth); anything else that breaks the schema is reported with the
 * JSON Pointer of the first violation.
 */
import { responseValidators } from "../../generated/response-validators.js";
import type { OperationId } from "../../generated/types.js";
import type { ResponseValidator } from "../client/client-options.ts";

export const validateResponse: ResponseValidator = (operation: OperationId, status: number, body: unknown) => {
  const validator = responseValidators[operation]?.[String(status)];
  if (!validator || validator(body)) return undefined;
  const [error] = validator.errors ?? [];
  return { path: error?.instancePath ?? "", message: error?.message ?? "does not match the schema" };
};
