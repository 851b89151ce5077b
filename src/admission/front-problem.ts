/**
 * The body of an answer a front gives itself, not the API (a mock's refusal of a scenario, the
 * proxy's time-out): the API's error shape, one item, with the front's own `type` and a `code`
 * a test can match (`mock_unknown_scenario`, `proxy_upstream_timeout`). The one builder of it.
 */

export type Front = "mock" | "proxy";

export interface FrontProblem {
  detail: [{ loc: (string | number)[]; msg: string; type: Front; code: string }];
}

export const frontProblem = (front: Front, msg: string, code: string, loc: (string | number)[] = []): FrontProblem => ({
  detail: [{ loc, msg, type: front, code }],
});
