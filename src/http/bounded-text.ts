/**
 * A fetch body (an answer's, or a request's) as text, read with a bound: what `verify` and
 * `conform` read from a server, and what a request brings the in-process mock, is untrusted, and a
 * body past the bound is not read on (the rest is cancelled, not buffered).
 */

/** The body as text, at most `limit` bytes of it; `undefined` past the limit. Throws when the body is cut off. */
export async function boundedText(message: { body: ReadableStream<Uint8Array> | null }, limit: number): Promise<string | undefined> {
  if (!message.body) return "";
  const reader = message.body.getReader();
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
  // Joined without Buffer: the in-process mock reads request bodies in a browser too.
  const joined = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(joined);
}
