/**
 * Size limit of the client entry, as a browser app ships it (esbuild, minified, gzip): at most
 * 3 kB over openapi-fetch alone (test/client/browser-safe.test.ts checks that the validators stay out).
 */
import { describe, expect, it } from "vitest";
import { benchBundleSize } from "../../scripts/bench/bundle-size.ts";

const LIMIT_OVER_OPENAPI_FETCH = 3 * 1024;

describe("the client entry's size", () => {
  it(`adds at most ${LIMIT_OVER_OPENAPI_FETCH} bytes (gzip) to openapi-fetch, `, async () => {
    const size = await benchBundleSize();
    expect(size.clientAddedGzip).toBeLessThanOrEqual(LIMIT_OVER_OPENAPI_FETCH);
  });
});
