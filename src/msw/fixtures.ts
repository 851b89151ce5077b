/**
 * Fixture builders: schema-valid `GuestConnection`, `HostConnection` and `GuestInvitation` objects
 * with any field overridden. Values are predictable (a sequence number in every id, name and
 * e-mail) and consistent (an archived connection has `archived_at`, an accepted invitation has
 * `accepted_at`), and timestamps take the server's own offset-less form. Every object belongs to
 * {@link FIXTURE_ORGANIZATION_ID} unless told otherwise, so a test acting as that organization
 * (Self) sees all of them.
 */
import type { GuestConnection, GuestInvitation, HostConnection } from "../../generated/types.js";

/** The organization fixtures belong to by default: the host of guest connections and invitations, the guest of host connections. */
export const FIXTURE_ORGANIZATION_ID = "6f1c2b9e-0d3a-4e5f-8a7b-000000000001";

/** A UUID (version 4 layout) that carries a kind and a sequence number, so ids never collide. */
const fixtureUuid = (kind: "a" | "b" | "c", sequence: number): string => `6f1c2b9e-0d3a-4e5f-${kind}a7b-${sequence.toString(16).padStart(12, "0")}`;

/** The server's timestamp form: naive UTC, six fractional digits (`2025-01-01T05:00:00.000000`). */
export const naiveTimestamp = (date: Date): string => date.toISOString().replace(/\.(\d{3})Z$/, ".$1000");

const hoursAfterStart = (hours: number): string => naiveTimestamp(new Date(Date.UTC(2025, 0, 1) + hours * 3_600_000));

export interface Fixtures {
  guestConnection(overrides?: Partial<GuestConnection>): GuestConnection;
  hostConnection(overrides?: Partial<HostConnection>): HostConnection;
  guestInvitation(overrides?: Partial<GuestInvitation>): GuestInvitation;
}

/** Builders with their own sequence, for tests that want ids independent of other tests. */
export function createFixtures(options: { organizationId?: string } = {}): Fixtures {
  const organization = options.organizationId ?? FIXTURE_ORGANIZATION_ID;
  let sequence = 0;
  return {
    guestConnection(overrides = {}) {
      const n = ++sequence;
      const archived = overrides.archived ?? false;
      return {
        host_organization_id: organization,
        guest_organization_id: fixtureUuid("a", n),
        status: "connected",
        guest_name: `Guest Organization ${n}`,
        guest_email: `guest${n}@example.com`,
        owner_email: `owner${n}@example.com`,
        archived,
        created_at: hoursAfterStart(n),
        updated_at: hoursAfterStart(n + 1),
        // Scores run from 0 to 100, as in the API's examples (87.5).
        total_score: ((n * 37) % 1000) / 10,
        score_updated_at: hoursAfterStart(n + 1),
        archived_at: archived ? hoursAfterStart(n + 2) : null,
        active_action_type: null,
        active_action_updated_at: null,
        parent_organization_id: null,
        parent_organization_name: null,
        ...overrides,
      };
    },
    hostConnection(overrides = {}) {
      const n = ++sequence;
      const archived = overrides.archived ?? false;
      return {
        host_organization_id: fixtureUuid("b", n),
        guest_organization_id: organization,
        host_name: `Host Organization ${n}`,
        host_email: `host${n}@example.com`,
        owner_email: `owner${n}@example.com`,
        status: "connected",
        archived,
        created_at: hoursAfterStart(n),
        updated_at: hoursAfterStart(n + 1),
        archived_at: archived ? hoursAfterStart(n + 2) : null,
        active_action_type: null,
        active_action_updated_at: null,
        ...overrides,
      };
    },
    guestInvitation(overrides = {}) {
      const n = ++sequence;
      const archived = overrides.archived ?? false;
      const status = overrides.status ?? "sent";
      const expired = overrides.expired ?? false;
      return {
        id: fixtureUuid("c", n),
        host_organization_id: organization,
        email: `invitee${n}@example.com`,
        first_invitation_sent_at: hoursAfterStart(n),
        last_invitation_sent_at: hoursAfterStart(n + 1),
        // Invitations are valid for a week; an expired one ran out a day after it was last sent.
        expired_at: hoursAfterStart(expired ? n + 25 : n + 1 + 7 * 24),
        expired,
        status,
        invitation_token: `invitation-token-${n}`,
        archived,
        created_at: hoursAfterStart(n),
        updated_at: hoursAfterStart(n + 1),
        accepted_at: status === "sent" ? null : hoursAfterStart(n + 2),
        archived_at: archived ? hoursAfterStart(n + 3) : null,
        parent_organization_id: null,
        parent_organization_name: null,
        ...overrides,
      };
    },
  };
}

const shared = createFixtures();
/** A schema-valid GuestConnection; `overrides` replace any field. */
export const buildGuestConnection = (overrides?: Partial<GuestConnection>): GuestConnection => shared.guestConnection(overrides);
/** A schema-valid HostConnection; `overrides` replace any field. */
export const buildHostConnection = (overrides?: Partial<HostConnection>): HostConnection => shared.hostConnection(overrides);
/** A schema-valid GuestInvitation; `overrides` replace any field. */
export const buildGuestInvitation = (overrides?: Partial<GuestInvitation>): GuestInvitation => shared.guestInvitation(overrides);
