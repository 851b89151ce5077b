/**
 * The mock server and the in-process mock need packages a client-only consumer does not install
 * (they are optional peer dependencies). When one is missing, the entry that needs it fails with
 * one line that says what to install, instead of a module-resolution stack.
 */

/** The install line of each optional peer, at the versions this package supports. */
const PEER_INSTALL = {
  "@stoplight/prism-cli": "npm install --save-dev @stoplight/prism-cli@5.14.2",
  msw: "npm install --save-dev msw (2.10.5 or later; 3.x on Node 22.12 or later)",
  yaml: "npm install --save-dev yaml@^2",
} as const;

export type OptionalPeer = keyof typeof PEER_INSTALL;

export class MissingPeerError extends Error {
  override readonly name = "MissingPeerError";
  constructor(
    readonly peer: OptionalPeer,
    entry: string,
  ) {
    super(`${entry} needs ${peer}, which is not installed: ${PEER_INSTALL[peer]}`);
  }
}

/**
 * Whether an import or resolve error says that `peer` itself is missing (not one of its own
 * imports): Node's `ERR_MODULE_NOT_FOUND`, or a browser's failure to resolve the bare specifier
 * (Chromium and WebKit: `Failed to resolve module specifier "msw"`; Firefox: `The specifier “msw”
 * was a bare specifier`), which is what an unbundled page or a dev server without the peer meets.
 */
function isMissing(error: unknown, peer: OptionalPeer): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : "";
  const names = [`'${peer}'`, `'${peer}/`, `"${peer}"`, `"${peer}/`, `“${peer}”`, `“${peer}/`];
  const namesPeer = names.some((name) => message.includes(name));
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return namesPeer;
  return error instanceof TypeError && namesPeer && /resolve module specifier|bare specifier/i.test(message);
}

/** A `.catch` handler for `import("peer")`: a missing peer becomes a {@link MissingPeerError}. */
export const requirePeer =
  (peer: OptionalPeer, entry: string) =>
  (error: unknown): never => {
    throw isMissing(error, peer) ? new MissingPeerError(peer, entry) : error;
  };
