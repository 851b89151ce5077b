/**
 * The stand-in deployment's data: one organization's guest connections, host connections and
 * guest invitations, enough for several real pages of each list, in the forms a FastAPI server
 * sends them (naive timestamps with and without a fraction, internationalised e-mail addresses,
 * nulls in optional fields). Built from a fixed pattern, so every run sees the same data.
 */
import { GUEST_ORG_ID } from "./client.ts";

export type Item = Record<string, unknown>;

export interface StandInData {
  guestConnections: Item[];
  hostConnections: Item[];
  guestInvitations: Item[];
}

/** A UUID made from a kind and a number (version 4 layout), so ids are stable and distinct. */
const uuid = (kind: number, n: number): string => {
  const hex = (kind * 0x10000 + n).toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(0, 3)}-8${hex.slice(3, 6)}-${hex}`;
};

/** A naive timestamp as Pydantic writes it: seconds only for even `n`, microseconds for odd. */
const naive = (day: number, n: number): string => {
  const base = new Date(Date.UTC(2025, 0, 1 + day, n % 24, (n * 7) % 60, (n * 13) % 60));
  const text = base.toISOString().slice(0, 19);
  return n % 2 === 0 ? text : `${text}.${String(100_000 + n * 4321).slice(-6)}`;
};

const NAMES = ["Müller Feinkost GmbH", "Ünal Tekstil", "Example Corp", "Nordwind Logistik", "株式会社サンプル", "O'Brien & Sons", "Acme Credit"];
const EMAILS = ["jörg.müller@beispiel.de", "info@ünal-tekstil.com.tr", "contact@example.com", "finance@nordwind.example", "担当@例え.jp", "o'brien@example.ie"];

export const HOST_ORG_ID = "d290f1ee-6c54-4b01-90e6-d701748f0851";

export function standInData(): StandInData {
  const guestConnections = Array.from({ length: 30 }, (_, n): Item => {
    const archived = n % 5 === 3;
    const scored = n % 3 !== 1;
    return {
      host_organization_id: HOST_ORG_ID,
      // The first is the connection the tests read and write by its known id.
      guest_organization_id: n === 0 ? GUEST_ORG_ID : uuid(1, n),
      status: n % 4 === 2 ? "disconnected" : "connected",
      guest_name: `${NAMES[n % NAMES.length]} ${n}`,
      guest_email: EMAILS[n % EMAILS.length],
      owner_email: n % 2 === 0 ? "owner@host.example" : "kredit@hôte.example",
      archived,
      created_at: naive(n, n),
      updated_at: naive(n + 40, n + 1),
      total_score: scored ? (n * 7.5) % 100 : null,
      score_updated_at: scored ? naive(n + 20, n) : null,
      archived_at: archived ? naive(n + 60, n) : null,
      active_action_type: n % 2 === 0 ? "analytics_request" : null,
      active_action_updated_at: n % 2 === 0 ? naive(n + 30, n) : null,
      parent_organization_id: n % 6 === 0 ? uuid(9, n) : null,
      parent_organization_name: n % 6 === 0 ? `Parent ${n}` : null,
    };
  });
  const hostConnections = Array.from({ length: 14 }, (_, n): Item => {
    const archived = n % 4 === 1;
    return {
      host_organization_id: uuid(2, n),
      guest_organization_id: GUEST_ORG_ID,
      host_name: `${NAMES[(n + 2) % NAMES.length]} Lending ${n}`,
      host_email: EMAILS[(n + 1) % EMAILS.length],
      owner_email: "owner@host.example",
      status: n % 5 === 4 ? "disconnected" : "connected",
      archived,
      created_at: naive(n, n + 3),
      updated_at: naive(n + 10, n + 4),
      archived_at: archived ? naive(n + 50, n) : null,
      active_action_type: n % 3 === 0 ? "analytics_request" : null,
      active_action_updated_at: n % 3 === 0 ? naive(n + 5, n) : null,
    };
  });
  const statuses = ["sent", "accepted_by_guest", "accepted_by_system"];
  const guestInvitations = Array.from({ length: 18 }, (_, n): Item => {
    const status = statuses[n % 3] as string;
    const expired = status === "sent" && n % 2 === 0;
    return {
      id: uuid(3, n),
      host_organization_id: HOST_ORG_ID,
      email: EMAILS[(n + 3) % EMAILS.length],
      first_invitation_sent_at: naive(n, n),
      last_invitation_sent_at: naive(n + 2, n),
      expired_at: naive(n + (expired ? 5 : 400), n),
      expired,
      status,
      invitation_token: `invitation-${n}`,
      archived: n % 6 === 5,
      created_at: naive(n, n),
      updated_at: naive(n + 3, n + 1),
      accepted_at: status === "sent" ? null : naive(n + 4, n),
      archived_at: n % 6 === 5 ? naive(n + 9, n) : null,
      parent_organization_id: null,
      parent_organization_name: null,
    };
  });
  return { guestConnections, hostConnections, guestInvitations };
}

/** A naive timestamp of now, as the server writes the fields it manages. */
export const naiveNow = (): string => `${new Date().toISOString().slice(0, 23)}000`;
