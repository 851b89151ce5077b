// A consumer of the packed package: every entry point, the named schema types, the client against
// the packaged mock, the validators, the in-process mock and the bundled spec files.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  ApiError,
  createBoundFetchClient,
  createMyCreditAppClient,
  isApiError,
  type GuestConnection,
  type GuestInvitation,
  type HostConnection,
  type ListGuestConnectionsQuery,
  type paths,
} from "@mycreditapp/api-contract";
import { startMockServer } from "@mycreditapp/api-contract/mock";
import { buildGuestConnection, createMockStore, createMswHandlers, FIXTURE_ORGANIZATION_ID } from "@mycreditapp/api-contract/msw";
import { validateResponse } from "@mycreditapp/api-contract/validators";
import { setupServer } from "msw/node";

const requester = "054b4106-174b-46b0-97f8-86d8d7b6f0af";
const query: ListGuestConnectionsQuery = { statuses: ["connected"], limit: 10, offset: 0 };
type Route = keyof paths;
const route: Route = "/guest-connections";

const mock = await startMockServer();
try {
  const api = createMyCreditAppClient({ baseUrl: mock.url, token: "packed-token", requesterOrganizationId: requester, validateResponse });
  const page = await api.listGuestConnections(query);
  const first: GuestConnection | undefined = page.items[0];
  const hosts: HostConnection[] = (await api.listHostConnections({ statuses: ["connected"], limit: 5, offset: 0 })).items;
  const invitations: GuestInvitation[] = (await api.listGuestInvitations({ statuses: ["sent"], limit: 5, offset: 0 })).items;
  const missing = await api.getGuestConnection(requester, { headers: { Prefer: "code=404" } }).catch((error: unknown) => error);
  const bound = await createBoundFetchClient({ baseUrl: mock.url, token: "packed-token", requesterOrganizationId: requester }).GET(route, {
    params: { query },
  });
  const spec = JSON.parse(await readFile(fileURLToPath(import.meta.resolve("@mycreditapp/api-contract/openapi.json")), "utf8")) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  const operationIds = Object.values(spec.paths).flatMap((item) => Object.values(item).flatMap((operation) => operation.operationId ?? []));
  const yaml = await readFile(fileURLToPath(import.meta.resolve("@mycreditapp/api-contract/openapi.yaml")), "utf8");
  const handlers = createMswHandlers({ store: createMockStore({ guestConnections: [buildGuestConnection()] }) });
  // The handlers intercept for real: a client on the production URL reads the in-memory store.
  const intercepting = setupServer(...handlers);
  intercepting.listen();
  const inProcess = createMyCreditAppClient({ token: "packed-token", requesterOrganizationId: FIXTURE_ORGANIZATION_ID });
  const intercepted = await inProcess.listGuestConnections(query).then(
    (result) => result.items.length,
    (error: unknown) => String(error),
  );
  intercepting.close();
  const mswVersion = (JSON.parse(await readFile(fileURLToPath(import.meta.resolve("msw/package.json")), "utf8")) as { version: string }).version;
  console.log(
    JSON.stringify({
      items: page.items.length,
      firstGuest: first?.guest_name ?? null,
      hosts: hosts.length,
      invitations: invitations.length,
      notFound: isApiError(missing, "getGuestConnection") && missing.status === 404 && missing instanceof ApiError,
      boundStatus: bound.response.status,
      openapi: spec.openapi,
      yamlStartsWithOpenapi: /^openapi: /m.test(yaml),
      handlers: handlers.length,
      intercepted,
      mswMajor: Number(mswVersion.split(".")[0]),
      operations: operationIds.length,
    }),
  );
} finally {
  await mock.close();
}
