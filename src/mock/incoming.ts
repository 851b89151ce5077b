/**
 * What both HTTP fronts (the mock's validating front and the validating proxy) read from an
 * incoming request, the way the API reads it.
 */
import type { IncomingMessage } from "node:http";

/** Reads a request or response stream to its end, as one buffer. */
export async function readBody(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** FastAPI resolves the bearer-token dependency before it validates parameters. */
export function hasBearerToken(request: IncomingMessage): boolean {
  return /^Bearer\s+\S+/i.test(request.headers.authorization ?? "");
}

/** Looks a header up by name, case-insensitively; of a repeated header, the last value. */
export function headerLookup(request: IncomingMessage): (name: string) => string | undefined {
  return (name) => {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[value.length - 1] : value;
  };
}

/** The URL of a server listening on `host`: an IPv6 literal is bracketed (`http://[::1]:4010`). */
export const serverUrl = (host: string, port: number): string => `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
