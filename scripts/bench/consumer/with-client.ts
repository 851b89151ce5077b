// A consumer's calls through the package's client, as published (dist/ declarations); type-checked by `npm run bench`, never run.
import { createMyCreditAppClient, isApiError } from "@mycreditapp/api-contract";

const requester = "054b4106-174b-46b0-97f8-86d8d7b6f0af";
const guest = "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77";
const api = createMyCreditAppClient({ token: () => "jwt", requesterOrganizationId: requester });

export async function consumer(): Promise<number> {
  const page = await api.listGuestConnections({ statuses: ["connected"], limit: 50, offset: 0, order_by: "created_at" });
  const hosts = await api.listHostConnections({ statuses: ["connected"], limit: 10, offset: 0 });
  const invitations = await api.listGuestInvitations({ statuses: ["sent"], limit: 10, offset: 0, expired: false });
  const one = await api.getGuestConnection(guest);
  const patched = await api.patchGuestConnection(guest, { archived: true }, { targetOrganizationId: guest });
  const result = await api.raw.getGuestConnection(guest);
  if (result.error && isApiError(result.error, "getGuestConnection") && result.error.status === 404) return 0;
  return page.items.length + hosts.total_items + invitations.items.length + (one.archived ? 1 : 0) + (patched.archived ? 1 : 0);
}
