/**
 * A missing optional peer is named in one line with its install line, in Node and in browsers,
 * and only when the peer itself is missing: an error from inside it, or about another module,
 * passes through unchanged.
 */
import { describe, expect, it } from "vitest";
import { MissingPeerError, requirePeer } from "../src/peers/missing-peer.ts";

const refuse = (error: unknown): unknown => {
  try {
    return requirePeer("msw", "The in-process mock")(error);
  } catch (thrown) {
    return thrown;
  }
};
const nodeMissing = (specifier: string) =>
  Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/x.js`), { code: "ERR_MODULE_NOT_FOUND" });

describe("requirePeer", () => {
  it.each([
    ["Node", nodeMissing("msw")],
    ["Chromium", new TypeError('Failed to resolve module specifier "msw". Relative references must start with either "/", "./", or "../".')],
    ["Chromium, a subpath", new TypeError('Failed to resolve module specifier "msw/browser". Relative references must start with either "/", "./", or "../".')],
    ["Firefox", new TypeError("The specifier “msw” was a bare specifier, but was not remapped to anything.")],
  ])("names the missing peer and how to install it (%s)", (_where, error) => {
    const refused = refuse(error);
    expect(refused).toBeInstanceOf(MissingPeerError);
    expect((refused as Error).message).toBe(
      "The in-process mock needs msw, which is not installed: npm install --save-dev msw (2.10.5 or later; 3.x on Node 22.12 or later)",
    );
  });

  it.each([
    ["another module", nodeMissing("msw-helper")],
    ["an error from inside the peer", new TypeError("Cannot read properties of undefined (reading 'x')")],
    ["another bare specifier", new TypeError('Failed to resolve module specifier "mswx".')],
  ])("lets %s through unchanged", (_what, error) => {
    expect(refuse(error)).toBe(error);
  });
});
