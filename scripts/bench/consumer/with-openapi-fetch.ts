// The same calls on plain openapi-fetch, every header passed by hand (type-checked by `npm run bench`, never run).
import createClient from "openapi-fetch";
import type { paths } from "@mycreditapp/api-contract";

const requester = "054b4106-174b-46b0-97f8-86d8d7b6f0af";
const guest = "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77";
const client = createClient<paths>({ baseUrl: "https://api.mycreditapp.ai/v1-beta", headers: { Authorization: "Bearer jwt" } });
const header = { "Requester-Organization-ID": requester, "Target-Organization-ID": requester };

export async function consumer(): Promise<number> {
  const page = await client.GET("/guest-connections", { params: { header, query: { statuses: ["connected"], limit: 50, offset: 0, order_by: "created_at" } } });
  const hosts = await client.GET("/host-connections", { params: { header, query: { statuses: ["connected"], limit: 10, offset: 0 } } });
  const invitations = await client.GET("/guest-invitations", { params: { header, query: { statuses: ["sent"], limit: 10, offset: 0, expired: false } } });
  const one = await client.GET("/guest-connections/{guest_org_id}", { params: { header, path: { guest_org_id: guest } } });
  const patched = await client.PATCH("/guest-connections/{guest_org_id}", {
    params: { header: { ...header, "Target-Organization-ID": guest }, path: { guest_org_id: guest } },
    body: { archived: true },
  });
  if (one.error && one.response.status === 404) return 0;
  return (
    (page.data?.items.length ?? 0) +
    (hosts.data?.total_items ?? 0) +
    (invitations.data?.items.length ?? 0) +
    (one.data?.archived ? 1 : 0) +
    (patched.data?.archived ? 1 : 0)
  );
}
