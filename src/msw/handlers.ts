/**
 * Typed MSW handlers (MSW 2 or 3) for every operation of the spec, typed by the package's own
 * operation table: each stateful resolver's answer is checked against its operation's success body.
 * Five are stateful, backed by a {@link MockStore}: the lists filter, search, sort and page the
 * store's data, the detail reads it and the PATCH really archives. Every other operation of the
 * operation table is served from the spec's named examples (`Prefer` chooses one), so an operation
 * added to the spec works here right after `npm run generate`. All of them answer like the API
 * first: 401 without a bearer token; 422 in the API's format, from the same spec-driven checks as
 * the client and the mock server, for any invalid input; 403 for a scenario the operation's
 * `x-permissions` does not allow. Error bodies are the spec's own named examples.
 * `createMswHandlers` returns one handler per operation, after a first one that answers paths with
 * a malformed percent-escape (which MSW cannot match) and before a last one that answers every
 * other request under the base URL as the API does (404 for a path of no operation, 405 for a
 * method the path lacks). Every request is decided by the mocks' one admission (src/admission/).
 */
import type { HttpHandler } from "msw";
import type { SuccessBody } from "../http/bodies.ts";
import { requirePeer } from "../peers/missing-peer.ts";
import { operationTable, queryDefaults, responseScenarios } from "../../generated/operations.js";
import type { GuestConnection, GuestInvitation, HostConnection, OperationId } from "../../generated/types.js";
import { DEFAULT_BASE_URL } from "../http/base-url.ts";
import { createRequestValidator, type ParsedRequest } from "../request-checks/request-validator.ts";
import { admit } from "../admission/admission.ts";
import { frontProblem } from "../admission/front-problem.ts";
import { fetchAdmission } from "../admission/request-adapters.ts";
import { boundedText } from "../http/bounded-text.ts";
import { templatePieces } from "../spec/path-template.ts";
import { isAllowed } from "./access.ts";
import { exampleResponse } from "./examples.ts";
import { naiveTimestamp } from "./fixtures.ts";
import { listPage, type ListQuery } from "./list-query.ts";
import { createMockStore, type MockStore } from "./store.ts";

// Optional peers: loaded here so that a missing one fails with one line that says what to install.
const ENTRY = "The in-process mock (@mycreditapp/api-contract/msw)";
const { http: mswHttp } = await import("msw").catch(requirePeer("msw", ENTRY));
await checkMswRuns();

/**
 * MSW 3 needs Node 22.12 or later; on an older Node it loads but intercepts nothing. Said at once,
 * in one line, instead of tests that silently reach the network. Browsers have no such limit.
 */
async function checkMswRuns(): Promise<void> {
  const node = typeof process === "object" ? process.versions?.node : undefined;
  if (node === undefined) return;
  // Not a literal: bundlers for the browser, where this never runs, leave it alone.
  const manifest = "msw/package.json";
  const { version } = ((await import(manifest, { with: { type: "json" } })) as { default: { version: string } }).default;
  const [major = 0, minor = 0] = node.split(".").map(Number);
  if (Number(version.split(".")[0]) >= 3 && (major < 22 || (major === 22 && minor < 12)))
    throw new Error(
      `${ENTRY} found msw ${version}, which needs Node 22.12 or later (this is Node ${node}): use Node 22.12+ or msw 2 (npm install --save-dev msw@^2.10.5)`,
    );
}

/** An MSW route of an operation's path template: `{name}` becomes `:name`, after the base URL. */
const mswRoute = (baseUrl: string, template: string): string =>
  `${baseUrl.replace(/\/+$/, "")}${templatePieces(template)
    .map((piece, index) => (index % 2 === 0 ? piece : `:${piece}`))
    .join("")}`;

/** The largest request body read, as the mock server's: the API's bodies are a few bytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The success answer of an operation, its body typed by the operation's success response. */
const ok = <O extends OperationId>(_operation: O, body: SuccessBody<O>): Response => Response.json(body, { status: 200 });

export interface MswHandlerOptions {
  /** The data the handlers serve and change; an empty store by default. */
  store?: MockStore;
  /** Where the API is mocked; the production server URL by default. */
  baseUrl?: string;
  /** The clock of `updated_at` and `archived_at` on a PATCH. */
  now?: () => Date;
}

type Resolver = (info: { request: Request; params: Record<string, string> }) => Promise<Response>;
type Register = (path: string, resolver: Resolver) => HttpHandler;
type Verb = "get" | "post" | "put" | "patch" | "delete" | "head" | "options";

export function createMswHandlers(options: MswHandlerOptions = {}): HttpHandler[] {
  const store = options.store ?? createMockStore();
  const now = options.now ?? (() => new Date());
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  /** The handler of one operation, at its method and path. */
  const route = (operation: OperationId, resolver: Resolver): HttpHandler => {
    const { method, path } = operationTable[operation];
    const register = (mswHttp as unknown as Record<Verb, Register | undefined>)[method.toLowerCase() as Verb];
    if (!register) throw new Error(`${operation}: MSW has no handler for the method ${method}`);
    return register(mswRoute(baseUrl, path), resolver);
  };
  const validator = createRequestValidator();
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");

  /**
   * The one admission every front uses (route, token, inputs, `Prefer`), then what only this mock
   * knows: a scenario asked for with `Prefer` is its named example, and a scenario the operation's
   * `x-permissions` does not allow is its 403. A Response when the request ends here.
   */
  async function admitted(request: Request): Promise<ParsedRequest | Response> {
    const body = await boundedText(request, MAX_BODY_BYTES);
    if (body === undefined)
      return Response.json(frontProblem("mock", `Request body too large: the mock reads at most ${MAX_BODY_BYTES} bytes`, "mock_body_too_large"), {
        status: 413,
      });
    const admission = admit(fetchAdmission(request, basePath, body), { validator, scenarios: responseScenarios });
    if (admission.kind === "refused") return Response.json(admission.answer.body, { status: admission.answer.status, headers: admission.answer.headers });
    const operation = admission.operationId as OperationId;
    if (admission.kind === "unauthenticated") return exampleResponse(operation, 401);
    const { parsed, scenario } = admission;
    if (scenario.code !== undefined || scenario.example !== undefined)
      return exampleResponse(operation, scenario.code ?? operationTable[operation].success.status, scenario.example);
    const requester = String(parsed.header["Requester-Organization-ID"]);
    const target = String(parsed.header["Target-Organization-ID"]);
    if (!isAllowed(store, operation, requester, target)) return exampleResponse(operation, 403);
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

  const stateful: { [O in OperationId]?: HttpHandler } = {
    listGuestConnections: route("listGuestConnections", async ({ request }) => {
      const parsed = await admitted(request);
      if (parsed instanceof Response) return parsed;
      const mine = store.guestConnections.filter((item) => item.host_organization_id === target(parsed));
      return ok("listGuestConnections", listPage<GuestConnection>(mine, listQuery("listGuestConnections", parsed, "guest_organization_id")));
    }),
    listHostConnections: route("listHostConnections", async ({ request }) => {
      const parsed = await admitted(request);
      if (parsed instanceof Response) return parsed;
      const mine = store.hostConnections.filter((item) => item.guest_organization_id === target(parsed));
      return ok("listHostConnections", listPage<HostConnection>(mine, listQuery("listHostConnections", parsed, "host_organization_id")));
    }),
    listGuestInvitations: route("listGuestInvitations", async ({ request }) => {
      const parsed = await admitted(request);
      if (parsed instanceof Response) return parsed;
      const query = listQuery<GuestInvitation>("listGuestInvitations", parsed, "id");
      const expired = parsed.query["expired"] as boolean | null | undefined;
      const emailSearch = parsed.query["email_search"] as string | null | undefined;
      query.filters.push((item) => expired === undefined || expired === null || item.expired === expired);
      if (typeof emailSearch === "string") query.search = { field: "email", text: emailSearch };
      const mine = store.guestInvitations.filter((item) => item.host_organization_id === target(parsed));
      return ok("listGuestInvitations", listPage(mine, query));
    }),
    getGuestConnection: route("getGuestConnection", async ({ request }) => {
      const parsed = await admitted(request);
      if (parsed instanceof Response) return parsed;
      const found = findConnection(parsed);
      return found ? ok("getGuestConnection", found) : exampleResponse("getGuestConnection", 404);
    }),
    patchGuestConnection: route("patchGuestConnection", async ({ request }) => {
      const parsed = await admitted(request);
      if (parsed instanceof Response) return parsed;
      const found = findConnection(parsed);
      if (!found) return exampleResponse("patchGuestConnection", 404);
      const { archived } = parsed.body as { archived: boolean };
      const at = naiveTimestamp(now());
      if (found.archived !== archived) Object.assign(found, { archived, archived_at: archived ? at : null, updated_at: at });
      return ok("patchGuestConnection", found);
    }),
  };

  const underBase = new RegExp(`^${escapeRegExp(base.origin + basePath)}(?:/|$)`);
  // MSW cannot decode a malformed percent-escape (`%zz`) in a path and would fail the request;
  // the API keeps the raw text, which then fails validation. This handler sees such paths first.
  const malformedEscapes = mswHttp.all(underBase, async ({ request }) => {
    if (!hasMalformedEscape(new URL(request.url).pathname)) return undefined;
    const parsed = await admitted(request);
    return parsed instanceof Response ? parsed : undefined;
  });

  // Every operation without a stateful handler: its checks, then its first example (or the one `Prefer` asks for).
  const handlers = (Object.keys(operationTable) as OperationId[]).map((operation) => {
    const handler = stateful[operation];
    if (handler) return handler;
    return route(operation, async ({ request }) => {
      const parsed = await admitted(request);
      return parsed instanceof Response ? parsed : exampleResponse(operation, operationTable[operation].success.status);
    });
  });
  // Last: whatever else reaches the base URL is answered as the API answers it (404 for a path of
  // no operation, 405 with Allow for a method the path lacks), never passed on to the network.
  const unmatched = mswHttp.all(underBase, async ({ request }) => {
    const parsed = await admitted(request);
    return parsed instanceof Response ? parsed : undefined;
  });
  return [malformedEscapes, ...handlers, unmatched];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function hasMalformedEscape(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}
