/**
 * What both HTTP fronts (the mock's front and the validating proxy) read from an
 * incoming request, the way the API reads it. Everything here is read from the network, so it is
 * bounded and never throws on what a client can send.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Readable } from "node:stream";
import { bearerCredentials } from "./bearer-token.ts";

/** A body that went past the limit its reader was given. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`);
  }
}

/**
 * Reads a request or response stream to its end, as one buffer, refusing more than `limit` bytes:
 * past it the promise rejects with {@link BodyTooLargeError}, and the caller decides what becomes
 * of the rest (of a request's: {@link drainThenAnswer}).
 */
export function readBody(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stream.off("data", onData);
      reject(new BodyTooLargeError(limit));
    };
    stream.on("data", onData);
    stream.once("end", () => resolve(Buffer.concat(chunks)));
    stream.once("error", reject);
    // After "end" this is a no-op; before it, the other side went away mid-body.
    stream.once("close", () => reject(new Error("the connection closed before the body ended")));
  });
}

/** How long the rest of a refused body is read and dropped before the connection is cut. */
const DRAIN_MS = 10_000;

/**
 * Reads the rest of a request's body and drops it, then answers: an answer sent while the client
 * is still sending is lost, because closing the connection under unread data resets it, and the
 * reset discards the answer on the client's side. A client that keeps sending past
 * {@link DRAIN_MS} is cut off unanswered.
 */
export function drainThenAnswer(request: IncomingMessage, answer: () => void): void {
  const cut = setTimeout(() => request.socket.destroy(), DRAIN_MS);
  cut.unref();
  request.once("close", () => clearTimeout(cut));
  if (request.complete) answer();
  else request.once("end", answer);
  request.resume();
}

/** The bearer token of a request, when it has one: what a report must never print. */
export function bearerToken(request: IncomingMessage): string | undefined {
  return bearerCredentials(request.headers.authorization);
}

/** FastAPI resolves the bearer-token dependency before it validates parameters. */
export const hasBearerToken = (request: IncomingMessage): boolean => bearerToken(request) !== undefined;

/** Looks a header up by name, case-insensitively; of a repeated header, the last value. */
export function headerLookup(request: IncomingMessage): (name: string) => string | undefined {
  return (name) => {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[value.length - 1] : value;
  };
}

/**
 * The path and query of a request target, as sent (still percent-encoded). `new URL` is not used:
 * it throws on targets a client can send (`//`, `*`) and resolves `..`, which the server does not.
 * An absolute-form target (`http://host/path`) gives its path.
 */
export function requestTarget(raw: string | undefined): { pathname: string; search: string } {
  let target = raw ?? "/";
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (scheme) target = target.slice(scheme[0].length) || "/";
  const hash = target.indexOf("#");
  if (hash >= 0) target = target.slice(0, hash);
  const question = target.indexOf("?");
  return question < 0 ? { pathname: target, search: "" } : { pathname: target.slice(0, question), search: target.slice(question) };
}

/** A client that sends what HTTP cannot parse gets a 400 from Node's parser; one that vanishes is no error. */
export function answerUnparsable(server: Server): void {
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
}

/** The URL of a server listening on `host`: an IPv6 literal is bracketed (`http://[::1]:4010`). */
export const listeningUrl = (host: string, port: number): string => `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
