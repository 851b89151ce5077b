/**
 * Who may call what, per the API's authorization model: the requester acts on itself (Self), on a
 * guest it is connected to as host (Host), or on the host it is connected to as guest (Guest).
 * The detail and invitation operations allow Self only (their published permission tables); the
 * others allow all three when the two organizations are connected.
 */
import type { OperationId } from "../../generated/types.js";
import type { MockData } from "./store.ts";

const SELF_ONLY: ReadonlySet<OperationId> = new Set(["getGuestConnection", "listGuestInvitations"]);

/** True when `requester` may call `operation` on `target`. */
export function isAllowed(data: MockData, operation: OperationId, requester: string, target: string): boolean {
  if (requester === target) return true;
  if (SELF_ONLY.has(operation)) return false;
  const connects = (host: string, guest: string): boolean =>
    data.guestConnections.some((item) => item.host_organization_id === host && item.guest_organization_id === guest) ||
    data.hostConnections.some((item) => item.host_organization_id === host && item.guest_organization_id === guest);
  // Host → Guest, or Guest → Host.
  return connects(requester, target) || connects(target, requester);
}
