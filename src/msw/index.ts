/**
 * Entry `@mycreditapp/api-contract/msw`: the API mocked in-process with MSW 2 or 3, for front-end
 * and service tests that should not open a port. Needs `msw` (2.10.5 or later, or 3.x on Node
 * 22.12 or later), an optional peer dependency, installed by the consumer.
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
export { MissingPeerError } from "../peers/missing-peer.ts";
