/**
 * The openapi-fetch client the tests talk to the mock with, typed by the generated `paths`, and
 * the organization headers every operation requires. One helper so every test calls the mock
 * the same way a consumer would.
 */
import { inject } from "vitest";
import { createPlainClient } from "../../src/index.ts";

export const REQUESTER_ID = "054b4106-174b-46b0-97f8-86d8d7b6f0af";
export const GUEST_ORG_ID = "c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77";

/** Bearer token used against the mock; the mock checks that one is present, not what it is. */
export const TEST_TOKEN = "test-token";

/** The Self scenario: the requester targets its own organization. */
export const selfHeaders = {
  "Requester-Organization-ID": REQUESTER_ID,
  "Target-Organization-ID": REQUESTER_ID,
} as const;

export const mockUrl = (): string => inject("mockUrl");

/** A client with a bearer token (or without one, to provoke 401). */
export function createTestClient(options: { token?: string | null } = {}) {
  const token = options.token === undefined ? TEST_TOKEN : options.token;
  return createPlainClient({
    baseUrl: mockUrl(),
    headers: token === null ? {} : { Authorization: `Bearer ${token}` },
  });
}
