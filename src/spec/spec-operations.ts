/**
 * The one loop over a bundled spec's operations: every generator and every test that needs "each
 * operation" walks this list, so they all see the same operations, in the same order (the spec's
 * own), with the same parameters.
 */
import {
  HTTP_METHODS,
  resolveRef,
  type HttpMethod,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
} from "./openapi-document.ts";

export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
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

/** Every operation of the spec, in the spec's order; an operation without an operationId stops with its location. */
export function specOperations(spec: OpenApiDocument): SpecOperation[] {
  const found: SpecOperation[] = [];
  for (const [template, pathItem] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${template} has no operationId; every operation needs one`);
      const own = (operation.parameters ?? []).map((parameter) => resolveRef<ParameterObject>(spec, parameter));
      const inherited = (pathItem.parameters ?? [])
        .map((parameter) => resolveRef<ParameterObject>(spec, parameter))
        .filter((parameter) => !own.some((mine) => mine.name === parameter.name && mine.in === parameter.in));
      found.push({ operationId: operation.operationId, method, template, operation, pathItem, parameters: [...inherited, ...own] });
    }
  }
  return found;
}
