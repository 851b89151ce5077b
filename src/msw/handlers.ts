/**
 * Typed MSW handlers (openapi-msw) for the five operations, backed by a {@link MockStore}. They
 * answer like the API: 401 without a bearer token; 422 in the API's format, from the same
 * spec-driven checks as the client and the mock server, for any invalid input; 403 for a
 * scenario the operation does not allow; 404 for an unknown connection; otherwise the store's data,
 * filtered, searched, sorted and paginated, and a PATCH that really archives.
 */
import { createOpenApiHttp } from "openapi-msw";
import type { HttpHandler } from "msw";
import { queryDefaults } from "../../generated/operations.js";
import type { ErrorResponse, GuestConnection, GuestInvitation, HostConnection, OperationId, paths } from "../../generated/types.js";
import { DEFAULT_BASE_URL } from "../client/options.ts";
import { createRequestValidator, type ParsedRequest } from "../request-checks/request-validator.ts";
import { isAllowed } from "./access.ts";
import { naiveTimestamp } from "./fixtures.ts";
import { listPage, type ListQuery } from "./list-query.ts";
import { createMockStore, type MockStore } from "./store.ts";

export interface MswHandlerOptions {
  /** The data the handlers serve and change; an empty store by default. */
  store?: MockStore;
  /** Where the API is mocked; the production server URL by default. */
  baseUrl?: string;
  /** The clock of `updated_at` and `archived_at` on a PATCH. */
  now?: () => Date;
}

/** The spec's own error bodies (its `invalidToken`, `scenarioNotAllowed` and `connectionNotFound` examples). */
const UNAUTHORIZED: ErrorResponse = {
  detail: [{ loc: [], msg: "The client authentication failed!", type: "oauth", code: "oauth_invalid_client_credentials" }],
};
const FORBIDDEN: ErrorResponse = {
  detail: [
    { loc: [], msg: "The requester is not allowed to perform this operation on the target organization.", type: "request", code: "unsupported_crud_operation" },
  ],
};
const NOT_FOUND: ErrorResponse = { detail: [{ loc: ["path", "guest_org_id"], msg: "Guest connection not found.", type: "request", code: "not_found" }] };

const json = (status: number, body: unknown): Response => Response.json(body, { status });

export function createMswHandlers(options: MswHandlerOptions = {}): HttpHandler[] {
  const store = options.store ?? createMockStore();
  const now = options.now ?? (() => new Date());
  const http = createOpenApiHttp<paths>({ baseUrl: options.baseUrl ?? DEFAULT_BASE_URL });
  const validator = createRequestValidator();

  /** Token, inputs and scenario, in the order the API checks them; a Response when one fails. */
  async function admit(operation: OperationId, request: Request, pathParams: Record<string, string>): Promise<ParsedRequest | Response> {
    if (!/^Bearer\s+\S+/i.test(request.headers.get("authorization") ?? "")) return json(401, UNAUTHORIZED);
    const text = await request.text();
    const parsed = validator.parse(operation, {
      pathParams,
      query: new URL(request.url).searchParams,
      header: (name) => request.headers.get(name) ?? undefined,
      body: text === "" ? undefined : text,
    });
    if (parsed.issues.length > 0) return json(422, { detail: parsed.issues });
    const requester = String(parsed.header["Requester-Organization-ID"]);
    const target = String(parsed.header["Target-Organization-ID"]);
    if (!isAllowed(store, operation, requester, target)) return json(403, FORBIDDEN);
    return parsed;
  }

  const target = (parsed: ParsedRequest): string => String(parsed.header["Target-Organization-ID"]);

  /** The shared part of every list: sort, page, and the filters and search all lists have. */
  function listQuery<T extends { archived: boolean }>(operation: OperationId, parsed: ParsedRequest, tieBreaker: keyof T): ListQuery<T> {
    const query = { ...queryDefaults[operation], ...parsed.query } as Record<string, unknown>;
    const statuses = query["statuses"] as string[] | undefined;
    const archived = query["archived"] as boolean | null | undefined;
    const actionTypes = query["active_action_types"] as string[] | undefined;
    const searchText = query["search_text"] as string | null | undefined;
    return {
      filters: [
        (item) => statuses === undefined || statuses.includes((item as { status?: string }).status ?? ""),
        (item) => archived === undefined || archived === null || item.archived === archived,
        (item) => actionTypes === undefined || actionTypes.includes((item as { active_action_type?: string | null }).active_action_type ?? ""),
      ],
      search: typeof searchText === "string" ? { field: query["search_field"] as keyof T, text: searchText } : undefined,
      orderBy: query["order_by"] as keyof T,
      orderDir: query["order_dir"] as "asc" | "desc",
      tieBreaker,
      limit: query["limit"] as number,
      offset: query["offset"] as number,
    };
  }

  const findConnection = (parsed: ParsedRequest): GuestConnection | undefined =>
    store.guestConnections.find((item) => item.host_organization_id === target(parsed) && item.guest_organization_id === parsed.path["guest_org_id"]);

  return [
    http.get("/guest-connections", async ({ request, params, response }) => {
      const parsed = await admit("listGuestConnections", request, params);
      if (parsed instanceof Response) return parsed;
      const mine = store.guestConnections.filter((item) => item.host_organization_id === target(parsed));
      return response(200).json(listPage<GuestConnection>(mine, listQuery("listGuestConnections", parsed, "guest_organization_id")));
    }),
    http.get("/host-connections", async ({ request, params, response }) => {
      const parsed = await admit("listHostConnections", request, params);
      if (parsed instanceof Response) return parsed;
      const mine = store.hostConnections.filter((item) => item.guest_organization_id === target(parsed));
      return response(200).json(listPage<HostConnection>(mine, listQuery("listHostConnections", parsed, "host_organization_id")));
    }),
    http.get("/guest-invitations", async ({ request, params, response }) => {
      const parsed = await admit("listGuestInvitations", request, params);
      if (parsed instanceof Response) return parsed;
      const query = listQuery<GuestInvitation>("listGuestInvitations", parsed, "id");
      const expired = parsed.query["expired"] as boolean | null | undefined;
      const emailSearch = parsed.query["email_search"] as string | null | undefined;
      query.filters.push((item) => expired === undefined || expired === null || item.expired === expired);
      if (typeof emailSearch === "string") query.search = { field: "email", text: emailSearch };
      const mine = store.guestInvitations.filter((item) => item.host_organization_id === target(parsed));
      return response(200).json(listPage(mine, query));
    }),
    http.get("/guest-connections/{guest_org_id}", async ({ request, params, response }) => {
      const parsed = await admit("getGuestConnection", request, params);
      if (parsed instanceof Response) return parsed;
      const found = findConnection(parsed);
      return found ? response(200).json(found) : response(404).json(NOT_FOUND);
    }),
    http.patch("/guest-connections/{guest_org_id}", async ({ request, params, response }) => {
      const parsed = await admit("patchGuestConnection", request, params);
      if (parsed instanceof Response) return parsed;
      const found = findConnection(parsed);
      if (!found) return response(404).json(NOT_FOUND);
      const { archived } = parsed.body as { archived: boolean };
      const at = naiveTimestamp(now());
      if (found.archived !== archived) Object.assign(found, { archived, archived_at: archived ? at : null, updated_at: at });
      return response(200).json(found);
    }),
  ];
}
