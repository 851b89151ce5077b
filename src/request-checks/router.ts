/**
 * Finds the operation a request is for, from its method and path relative to the server URL, as
 * the server's router does: path templates matched segment by segment, a trailing slash allowed,
 * each path parameter percent-decoded. Also answers which methods a path has (a 405's `Allow`).
 */
import { requestRules } from "../../generated/operations.js";
import type { OperationId } from "../../generated/types.js";
import type { OperationRules } from "../spec/operation-table.ts";
import { templatePieces } from "../spec/path-template.ts";

export interface MatchedOperation {
  operationId: OperationId;
  /** The path template the path matched: `/guest-connections/{guest_org_id}`. */
  template: string;
  pathParams: Record<string, string>;
}

export interface Router {
  /** Finds the operation for a method and a path relative to the server URL. */
  match(method: string, pathname: string): MatchedOperation | undefined;
  /** The methods declared for a path, for the `Allow` header of a 405 (empty when no template matches it); without one, every method in use. */
  allowedMethods(pathname?: string): string[];
}

/** A path segment percent-decoded; a malformed escape (`%zz`) is kept as sent, as the server keeps it, and then fails validation. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function templateToRegExp(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = templatePieces(template)
    .map((piece, index) => {
      if (index % 2 === 0) return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(piece);
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}/?$`), names };
}

export function createRouter(rules: Readonly<Record<OperationId, OperationRules>> = requestRules): Router {
  const routes = (Object.entries(rules) as [OperationId, OperationRules][]).map(([operationId, operation]) => ({
    operationId,
    method: operation.method,
    template: operation.template,
    ...templateToRegExp(operation.template),
  }));

  return {
    match(method, pathname) {
      const upper = method.toUpperCase();
      for (const route of routes) {
        if (route.method !== upper) continue;
        const found = route.pattern.exec(pathname);
        if (!found) continue;
        const pathParams: Record<string, string> = {};
        route.names.forEach((name, index) => {
          pathParams[name] = decodePathSegment(found[index + 1] ?? "");
        });
        return { operationId: route.operationId, template: route.template, pathParams };
      }
      return undefined;
    },
    allowedMethods(pathname) {
      return [...new Set(routes.filter((route) => pathname === undefined || route.pattern.test(pathname)).map((route) => route.method))];
    },
  };
}
