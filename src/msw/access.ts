/**
 * Who may call what, per the API's authorization model: the requester acts on itself (Self), on a
 * guest it is connected to as host (Host), or on the host it is connected to as guest (Guest).
 * An operation's `x-permissions` (from the operation table) says which of the three it allows;
 * where the reference publishes no table, all three are allowed between connected organizations.
 */
import { operationTable } from "../../generated/operations.js";
import type { OperationId } from "../../generated/types.js";
import type { MockData } from "./store.ts";

type Scenario = "self" | "host" | "guest";

/** The scenario of a request, or `undefined` when the two organizations are not connected. */
function scenarioOf(data: MockData, requester: string, target: string): Scenario | undefined {
  if (requester === target) return "self";
  const connects = (host: string, guest: string): boolean =>
    data.guestConnections.some((item) => item.host_organization_id === host && item.guest_organization_id === guest) ||
    data.hostConnections.some((item) => item.host_organization_id === host && item.guest_organization_id === guest);
  if (connects(requester, target)) return "host";
  if (connects(target, requester)) return "guest";
  return undefined;
}

/** True when `requester` may call `operation` on `target`. */
export function isAllowed(data: MockData, operation: OperationId, requester: string, target: string): boolean {
  const scenario = scenarioOf(data, requester, target);
  if (scenario === undefined) return false;
  const permissions = operationTable[operation].permissions;
  return permissions === null || permissions[scenario];
}
