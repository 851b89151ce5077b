/**
 * The package's own client as the tests use it: bound to the mock, with runtime response
 * validation on, so every response any client test receives is also checked against the spec.
 */
import { createMyCreditAppClient, type ClientOptions, type MyCreditAppClient } from "../../src/index.ts";
import { validateResponse } from "../../src/response-validators/index.ts";
import { mockUrl, REQUESTER_ID, TEST_TOKEN } from "./client.ts";

export function createTestApi(options: Partial<ClientOptions> = {}): MyCreditAppClient {
  return createMyCreditAppClient({
    baseUrl: mockUrl(),
    token: TEST_TOKEN,
    requesterOrganizationId: REQUESTER_ID,
    validateResponse,
    ...options,
  });
}

/** A `fetch` that records every request it sends, for asserting on what left the client. */
export function recordingFetch(): { fetch: (request: Request) => Promise<Response>; requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    fetch: (request) => {
      requests.push(request.clone());
      return fetch(request);
    },
  };
}
