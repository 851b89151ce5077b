/**
 * A fetch answer's body as text, read with a bound: what `verify` and `conform` read from a server
 * is untrusted, and a body past the bound is not read on (the rest is cancelled, not buffered).
 */

/** The body as text, at most `limit` bytes of it; `undefined` past the limit. Throws when the body is cut off. */
export async function boundedText(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
