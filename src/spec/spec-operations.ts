/**
 * The one loop over a bundled spec's operations: every generator and every test that needs "each
 * operation" walks this list, so they all see the same operations, in the same order (the spec's
 * own), with the same parameters.
 */
import {
  PATH_ITEM_METHODS,
  resolveRef,
  type PathItemMethod,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
} from "./openapi-document.ts";

export interface SpecOperation {
  operationId: string;
  method: PathItemMethod;
  /** The path template as written in the spec: `/guest-connections/{guest_org_id}`. */
  template: string;
  operation: OperationObject;
  pathItem: PathItemObject;
  /**
   * The path item's parameters and the operation's own, references resolved. An operation's own
   * parameter replaces the path item's of the same name and location, as OpenAPI specifies.
   */
  parameters: ParameterObject[];
}

/**
 * Every operation of the spec (of its `paths`, or of another map of path items such as its
 * `webhooks`), in the spec's order. An operation without an operationId stops with its location,
 * unless `anonymous` allows it (the differ compares documents it did not write); its id is then
 * `METHOD template`.
 */
export function specOperations(
  spec: OpenApiDocument,
  { items = spec.paths, anonymous = false }: { items?: Record<string, PathItemObject> | undefined; anonymous?: boolean } = {},
): SpecOperation[] {
  const found: SpecOperation[] = [];
  for (const [template, pathItem] of Object.entries(items ?? {})) {
    for (const method of PATH_ITEM_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      if (!operation.operationId && !anonymous) throw new Error(`${method.toUpperCase()} ${template} has no operationId; every operation needs one`);
      const own = (operation.parameters ?? []).map((parameter) => resolveRef<ParameterObject>(spec, parameter));
      const inherited = (pathItem.parameters ?? [])
        .map((parameter) => resolveRef<ParameterObject>(spec, parameter))
        .filter((parameter) => !own.some((mine) => mine.name === parameter.name && mine.in === parameter.in));
      const operationId = operation.operationId ?? `${method.toUpperCase()} ${template}`;
      found.push({ operationId, method, template, operation, pathItem, parameters: [...inherited, ...own] });
    }
  }
  return found;
}

/** Whether a response key of the spec is a success: `200` to `299`, or the range `2XX`. */
export const isSuccessStatus = (status: string): boolean => /^2(?:\d\d|XX)$/i.test(status);
