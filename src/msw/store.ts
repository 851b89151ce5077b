/**
 * The in-process mock's data: plain arrays a test can seed, read and change. The handlers read
 * and write them as the API would; `reset()` puts back what the store was created with.
 */
import type { GuestConnection, GuestInvitation, HostConnection } from "../../generated/types.js";

export interface MockData {
  guestConnections: GuestConnection[];
  hostConnections: HostConnection[];
  guestInvitations: GuestInvitation[];
}

export interface MockStore extends MockData {
  /** Restores the data the store was created with (copies, so later changes never leak back). */
  reset(): void;
}

export function createMockStore(initial: Partial<MockData> = {}): MockStore {
  const snapshot: MockData = structuredClone({
    guestConnections: initial.guestConnections ?? [],
    hostConnections: initial.hostConnections ?? [],
    guestInvitations: initial.guestInvitations ?? [],
  });
  const store: MockStore = {
    ...structuredClone(snapshot),
    reset() {
      Object.assign(store, structuredClone(snapshot));
    },
  };
  return store;
}
