/**
 * Entry `@mycreditapp/api-contract/msw`: the API mocked in-process with MSW 2, for front-end and
 * service tests that should not open a port. Needs `msw` (2.x) and `openapi-msw` (2.x), optional
 * peer dependencies, installed by the consumer.
 */
export { createMswHandlers, type MswHandlerOptions } from "./handlers.ts";
export { createMockStore, type MockData, type MockStore } from "./store.ts";
export {
  buildGuestConnection,
  buildGuestInvitation,
  buildHostConnection,
  createFixtures,
  FIXTURE_ORGANIZATION_ID,
  naiveTimestamp,
  type Fixtures,
} from "./fixtures.ts";
export { MissingPeerError } from "../missing-peer.ts";
