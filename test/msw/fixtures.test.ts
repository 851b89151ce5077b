/** The fixture builders and the store: schema-valid objects, consistent fields, resettable data. */
import { describe, expect, it } from "vitest";
import {
  buildGuestConnection,
  buildGuestInvitation,
  buildHostConnection,
  createFixtures,
  createMockStore,
  FIXTURE_ORGANIZATION_ID,
} from "../../src/msw/index.ts";
import { componentErrors } from "../support/spec.ts";

describe("fixture builders", () => {
  const variants = {
    GuestConnection: [
      buildGuestConnection(),
      buildGuestConnection({ archived: true }),
      buildGuestConnection({ status: "disconnected", active_action_type: "analytics_request", total_score: null }),
    ],
    HostConnection: [buildHostConnection(), buildHostConnection({ archived: true, status: "disconnected" })],
    GuestInvitation: [buildGuestInvitation(), buildGuestInvitation({ status: "accepted_by_guest" }), buildGuestInvitation({ expired: true, archived: true })],
  };

  it.each(Object.entries(variants))("build valid %s objects", (name, values) => {
    for (const value of values) expect(componentErrors(name, value), JSON.stringify(value)).toEqual([]);
  });

  it("score connections from 0 to 100, as the API's examples do", () => {
    const fixtures = createFixtures();
    const scores = Array.from({ length: 200 }, () => fixtures.guestConnection().total_score);
    expect(
      scores.every((score) => typeof score === "number" && score >= 0 && score <= 100),
      scores.join(),
    ).toBe(true);
  });

  it("are checked by a validator that does reject a broken object", () => {
    expect(componentErrors("GuestConnection", { ...buildGuestConnection(), guest_email: "not an e-mail" })).not.toEqual([]);
    expect(componentErrors("GuestConnection", { ...buildGuestConnection(), guest_email: "jörg.müller@beispiel.de" })).toEqual([]);
  });

  it("keep dependent fields consistent", () => {
    const [active, archived] = variants.GuestConnection;
    expect(active?.archived_at).toBeNull();
    expect(archived?.archived_at).toEqual(expect.any(String));
    const [sent, accepted, expired] = variants.GuestInvitation;
    expect(sent?.accepted_at).toBeNull();
    expect(accepted?.accepted_at).toEqual(expect.any(String));
    // An expired invitation ran out after it was sent; a pending one runs out a week after.
    expect(String(expired?.expired_at) > String(expired?.last_invitation_sent_at)).toBe(true);
    expect(String(sent?.expired_at) > String(sent?.last_invitation_sent_at)).toBe(true);
  });

  it("give every object its own ids, owned by the fixture organization unless overridden", () => {
    const fixtures = createFixtures();
    const connections = Array.from({ length: 50 }, () => fixtures.guestConnection());
    expect(new Set(connections.map((item) => item.guest_organization_id)).size).toBe(50);
    expect(new Set(connections.map((item) => item.host_organization_id))).toEqual(new Set([FIXTURE_ORGANIZATION_ID]));
    expect(fixtures.hostConnection({ host_name: "Acme" }).host_name).toBe("Acme");
  });

  it("use the server's offset-less timestamps, which the spec accepts", () => {
    expect(buildGuestConnection().created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
  });
});

describe("createMockStore", () => {
  it("copies what it is given and resets to it", () => {
    const seeded = [buildGuestConnection()];
    const store = createMockStore({ guestConnections: seeded });
    (store.guestConnections[0] as { archived: boolean }).archived = true;
    store.hostConnections.push(buildHostConnection());
    expect(seeded[0]?.archived).toBe(false);
    store.reset();
    expect(store.guestConnections).toEqual(seeded);
    expect(store.hostConnections).toEqual([]);
  });
});
